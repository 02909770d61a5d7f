import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { AcceptedUpload, Receiver, ReceiverOptions, RejectedRequest } from '../../../core/ingress/receiver.ts';
import { startReceiver } from '../../../core/ingress/receiver.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { generateCerts } from '../../sim/kube/certs.ts';
import { trustingAgent, uploadForm, validArchive } from '../../sim/console/fixtures.ts';

const running: Receiver[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function start(options: Partial<ReceiverOptions> = {}) {
  const dir = await tempDir('receiver-');
  const accepted: AcceptedUpload[] = [];
  const rejected: RejectedRequest[] = [];
  let n = 0;
  const receiver = await startReceiver({
    host: '127.0.0.1', port: 0, dir,
    newRequestId: () => `req-${++n}`,
    now: () => new Date('2024-05-01T10:00:00.000Z'),
    onAccepted: (a) => accepted.push(a),
    onRejected: (r) => rejected.push(r),
    ...options,
  });
  running.push(receiver);
  return { receiver, dir, accepted, rejected };
}

describe('startReceiver', () => {
  it('stores an accepted archive as <dir>/<request-id>.tar.gz and answers 202 with the request id', async () => {
    const { receiver, dir, accepted } = await start();
    const archive = await validArchive({ failed: ['p/f'] });
    const res = await request(receiver.uploadUrl, { method: 'POST', body: uploadForm(archive) });
    expect(res.statusCode).toBe(202);
    expect(res.headers['x-rh-insights-request-id']).toBe('req-1');
    expect(await res.body.json()).toEqual({ request_id: 'req-1', upload: { org_id: '0' } });
    expect((await readFile(join(dir, 'req-1.tar.gz'))).equals(archive)).toBe(true);
    expect(await readdir(dir)).toEqual(['req-1.tar.gz']);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]!.line).toBe(`2024-05-01T10:00:00.000Z req-1 ${archive.length} B, 2 files, 1 functions with errors: p/f`);
    expect(accepted[0]!.metadata).toEqual({ custom_metadata: { gathering_time: '2024-05-01T10:00:00Z' } });
  });

  it('refuses with the real statuses, stores nothing, and says why', async () => {
    const { receiver, dir, rejected } = await start({ maxBytes: 2000 });
    const archive = await validArchive();
    const cases: Array<[number, Parameters<typeof request>[1]]> = [
      [400, { method: 'POST', body: uploadForm(archive, { partName: 'payload' }) }],
      [415, { method: 'POST', body: uploadForm(archive, { type: 'application/octet-stream' }) }],
      [413, { method: 'POST', body: uploadForm(Buffer.alloc(2001)) }],
      [405, { method: 'GET' }],
    ];
    for (const [status, options] of cases) {
      const res = await request(receiver.uploadUrl, options);
      expect(res.statusCode).toBe(status);
      expect(await res.body.text()).not.toBe('');
    }
    const other = await request(`${receiver.url}/upload`, { method: 'POST', body: uploadForm(archive) });
    expect(other.statusCode).toBe(404);
    await other.body.dump();
    expect(rejected.map((r) => r.status)).toEqual([400, 415, 413, 405, 404]);
    expect(rejected[2]!.error).toMatch(/2001 bytes, above the 2000-byte limit/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses with 413, without keeping it, a body far beyond the limit', async () => {
    const { receiver, rejected } = await start({ maxBytes: 1000 });
    const res = await request(receiver.uploadUrl, { method: 'POST', body: uploadForm(Buffer.alloc(3 * 1024 * 1024)) });
    expect(res.statusCode).toBe(413);
    await res.body.dump();
    expect(rejected[0]!.error).toMatch(/request body is \d+ bytes, far above the 1000-byte archive limit/);
  });

  it('checks the bearer token only when one is set, and never echoes it', async () => {
    const { receiver } = await start({ token: 'sekrit-token' });
    const archive = await validArchive();
    for (const authorization of [undefined, 'Bearer wrong', 'sekrit-token', 'Basic sekrit-token', 'Bearer sekrit-token2']) {
      const res = await request(receiver.uploadUrl, { method: 'POST', body: uploadForm(archive), headers: authorization === undefined ? {} : { authorization } });
      expect(res.statusCode, authorization).toBe(401);
      expect(await res.body.text()).not.toContain('sekrit');
    }
    const ok = await request(receiver.uploadUrl, { method: 'POST', body: uploadForm(archive), headers: { authorization: 'Bearer sekrit-token' } });
    expect(ok.statusCode).toBe(202);
    await ok.body.dump();
    const open = (await start()).receiver;
    const any = await request(open.uploadUrl, { method: 'POST', body: uploadForm(archive), headers: { authorization: 'Bearer whatever' } });
    expect(any.statusCode).toBe(202);
    await any.body.dump();
  });

  it('stores even bytes the pipeline could not read, since the real ingress accepts them, and says so', async () => {
    const { receiver, accepted } = await start();
    const res = await request(receiver.uploadUrl, { method: 'POST', body: uploadForm(Buffer.from('not a tarball')) });
    expect(res.statusCode).toBe(202);
    await res.body.dump();
    expect(accepted[0]!.line).toMatch(/req-1 13 B, not a valid archive: /);
  });

  it('serves HTTPS with the given certificate', async () => {
    const certs = await generateCerts();
    const { receiver } = await start({ tls: { cert: certs.certPem, key: certs.keyPem } });
    expect(receiver.uploadUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/api\/ingress\/v1\/upload$/);
    const agent = trustingAgent(certs.caPem);
    try {
      const res = await request(receiver.uploadUrl, { method: 'POST', body: uploadForm(await validArchive()), dispatcher: agent });
      expect(res.statusCode).toBe(202);
      await res.body.dump();
    } finally {
      await agent.close();
    }
  });
});
