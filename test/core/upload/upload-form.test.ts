import { describe, expect, it } from 'vitest';
import { rfc3339, uploadForm } from '../../../core/upload/upload-form.ts';

describe('uploadForm', () => {
  it('carries the archive as file=payload.tar.gz of the periodic type, then the metadata part', async () => {
    const archive = Buffer.from([1, 2, 3, 4]);
    const form = uploadForm(archive, new Date('2026-11-24T12:34:56.789Z'));
    const entries = [...form.entries()];
    expect(entries.map(([name]) => name)).toEqual(['file', 'metadata']);
    const file = entries[0]![1] as File;
    expect(file.name).toBe('payload.tar.gz');
    expect(file.type).toBe('application/vnd.redhat.openshift.periodic');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(archive);
    const metadata = entries[1]![1] as File;
    expect(metadata.name).toBe('metadata.json');
    expect(metadata.type).toBe('application/octet-stream');
    expect(JSON.parse(await metadata.text())).toEqual({ custom_metadata: { gathering_time: '2026-11-24T12:34:56Z' } });
  });

  it('formats RFC 3339 in whole seconds, UTC, like Go', () => {
    expect(rfc3339(new Date('2026-01-02T03:04:05.999Z'))).toBe('2026-01-02T03:04:05Z');
  });
});
