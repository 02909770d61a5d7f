import { describe, expect, it } from 'vitest';
import { FormData } from 'undici';
import { INGRESS_DEFAULT_MAX_BYTES } from '../../../core/ingress/ingress-contract.ts';
import { validateUpload } from '../../../core/ingress/validate-upload.ts';
import { encodeForm, PERIODIC, rawMultipart, uploadForm, validArchive } from '../../sim/console/fixtures.ts';

describe('validateUpload (the ingress contract, Appendix B)', () => {
  it('accepts what the operator sends, built by undici FormData: archive, part type and metadata', async () => {
    const archive = await validArchive();
    const verdict = await validateUpload(await encodeForm(uploadForm(archive, { gatheringTime: '2024-05-01T10:00:00Z' })));
    expect(verdict.status).toBe(202);
    expect(verdict.error).toBeUndefined();
    expect(verdict.archive?.equals(archive)).toBe(true);
    expect(verdict.partName).toBe('file');
    expect(verdict.partType).toBe(PERIODIC);
    expect(verdict.metadata).toEqual({ custom_metadata: { gathering_time: '2024-05-01T10:00:00Z' } });
  });

  it('accepts the archive in a part named "upload", and the metadata without a metadata part', async () => {
    const form = new FormData();
    form.append('upload', new Blob([Buffer.from('bytes')], { type: 'application/vnd.redhat.openshift.other-category' }), 'a.tar.gz');
    const verdict = await validateUpload(await encodeForm(form));
    expect(verdict).toMatchObject({ status: 202, partName: 'upload' });
    expect(verdict.metadata).toBeUndefined();
    expect(verdict.archive?.toString()).toBe('bytes');
  });

  it('refuses with 400 an archive in a part of another name, naming the parts it saw', async () => {
    const verdict = await validateUpload(await encodeForm(uploadForm(await validArchive(), { partName: 'archive' })));
    expect(verdict.status).toBe(400);
    expect(verdict.error).toMatch(/no file part named "file" or "upload" \(parts: archive, metadata\)/);
    expect(verdict.archive).toBeUndefined();
  });

  it('refuses with 400 a "file" field sent without a filename (the service only sees file parts)', async () => {
    const form = new FormData();
    form.append('file', 'not a file part');
    expect((await validateUpload(await encodeForm(form))).status).toBe(400);
  });

  it('refuses with 400 what is not a multipart body', async () => {
    const archive = await validArchive();
    expect((await validateUpload({ contentType: 'application/gzip', body: archive })).status).toBe(400);
    expect((await validateUpload({ contentType: undefined, body: archive })).status).toBe(400);
    expect((await validateUpload({ contentType: 'application/x-www-form-urlencoded', body: Buffer.from('file=x') })).status).toBe(400);
    const garbage = await validateUpload({ contentType: 'multipart/form-data; boundary=zz', body: Buffer.from('nothing like a multipart body') });
    expect(garbage.status).toBe(400);
    expect(garbage.error).toMatch(/cannot be parsed/);
  });

  it('refuses with 415 an archive part whose type is not application/vnd.redhat.<service>.<category>', async () => {
    const archive = await validArchive();
    for (const type of ['application/octet-stream', 'application/x-tar', 'text/plain', 'application/vnd.redhat.openshift']) {
      const verdict = await validateUpload(await encodeForm(uploadForm(archive, { type })));
      expect(verdict.status, type).toBe(415);
      expect(verdict.error, type).toMatch(/is not application\/vnd\.redhat\.<service>\.<category>/);
    }
  });

  it('refuses with 415 a part with an empty or missing Content-Type', async () => {
    const empty = await validateUpload(rawMultipart([{ name: 'file', filename: 'payload.tar.gz', type: '', data: 'x' }]));
    expect(empty.status).toBe(415);
    const missing = await validateUpload(rawMultipart([{ name: 'file', filename: 'payload.tar.gz', data: 'x' }]));
    expect(missing.status).toBe(415);
    const good = await validateUpload(rawMultipart([{ name: 'file', filename: 'payload.tar.gz', type: PERIODIC, data: 'x' }]));
    expect(good.status).toBe(202);
  });

  it('refuses with 415 services other than openshift, including the gzip types the service maps to advisor', async () => {
    const archive = await validArchive();
    for (const type of ['application/vnd.redhat.advisor.upload', 'application/gzip', 'application/vnd.redhat.compliance.something']) {
      const verdict = await validateUpload(await encodeForm(uploadForm(archive, { type })));
      expect(verdict.status, type).toBe(415);
      expect(verdict.error, type).toMatch(/is not accepted \(accepted: openshift\)/);
    }
    const advisor = await validateUpload(await encodeForm(uploadForm(archive, { type: 'application/gzip' })), { services: ['openshift', 'advisor'] });
    expect(advisor.status).toBe(202);
  });

  it('accepts part types the service pattern matches with a suffix, as its unanchored regex does', async () => {
    const verdict = await validateUpload(await encodeForm(uploadForm(await validArchive(), { type: 'application/vnd.redhat.openshift.periodic+tgz' })));
    expect(verdict.status).toBe(202);
  });

  it('refuses with 413 an archive above maxBytes, and accepts one exactly at it', async () => {
    const atLimit = Buffer.alloc(1000, 1);
    expect((await validateUpload(await encodeForm(uploadForm(atLimit)), { maxBytes: 1000 })).status).toBe(202);
    const over = await validateUpload(await encodeForm(uploadForm(Buffer.alloc(1001, 1))), { maxBytes: 1000 });
    expect(over.status).toBe(413);
    expect(over.error).toMatch(/1001 bytes, above the 1000-byte limit/);
    expect(INGRESS_DEFAULT_MAX_BYTES).toBe(100 * 1024 * 1024);
  });

  it('checks the part type before the size, as the service does', async () => {
    const verdict = await validateUpload(await encodeForm(uploadForm(Buffer.alloc(2000), { type: 'application/octet-stream' })), { maxBytes: 1000 });
    expect(verdict.status).toBe(415);
  });

  it('accepts an upload whose metadata is not JSON, noting why it was ignored; metadata may be a plain field', async () => {
    const archive = await validArchive();
    const bad = await validateUpload(rawMultipart([
      { name: 'file', filename: 'payload.tar.gz', type: PERIODIC, data: archive },
      { name: 'metadata', filename: 'metadata.json', type: 'application/octet-stream', data: '{not json' },
    ]));
    expect(bad.status).toBe(202);
    expect(bad.metadata).toBeUndefined();
    expect(bad.metadataError).toMatch(/not JSON/);
    const plain = await validateUpload(rawMultipart([
      { name: 'file', filename: 'payload.tar.gz', type: PERIODIC, data: archive },
      { name: 'metadata', data: '{"custom_metadata":{"gathering_time":"t"}}' },
    ]));
    expect(plain.metadata).toEqual({ custom_metadata: { gathering_time: 't' } });
  });
});
