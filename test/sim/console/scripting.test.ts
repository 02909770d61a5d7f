import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from 'undici';
import { request } from 'undici';
import { startConsoleSim } from './index.ts';
import type { ConsoleRoute, ConsoleSim } from './index.ts';
import { encodeForm, trustingAgent, uploadForm, validArchive } from './fixtures.ts';

const TOKEN = 'tok-scripting';
const UPLOAD = '/api/ingress/v1/upload';
const RULES = '/api/gathering/v2/4.16.0/gathering_rules';
const BEARER = { authorization: `Bearer ${TOKEN}` };

let sim: ConsoleSim;
let agent: Agent;
beforeAll(async () => {
  sim = await startConsoleSim({ token: TOKEN });
  agent = trustingAgent(sim.caPem);
});
afterAll(async () => {
  await agent.close();
  await sim.close();
});

async function upload(archive: Buffer) {
  const { contentType, body } = await encodeForm(uploadForm(archive));
  const res = await request(`${sim.url}${UPLOAD}`, { method: 'POST', headers: { ...BEARER, 'content-type': contentType }, body, dispatcher: agent });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text(), sent: body };
}

async function getRules(headers: Record<string, string> = BEARER) {
  const res = await request(`${sim.url}${RULES}?x=1`, { headers, dispatcher: agent });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

describe('console simulator: scripted responses', () => {
  it('answers a route\'s script in order, then the default behaviour, logging every request', async () => {
    sim.script('upload', [
      { status: 503, body: 'unavailable' },
      { status: 503 },
      { status: 429, headers: { 'retry-after': '2' }, body: { error: 'slow down' } },
    ]);
    expect(sim.pendingScripts('upload')).toBe(3);
    const archive = await validArchive();
    const first = sim.requests.length;
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await upload(archive));
    expect(results.map((r) => r.status)).toEqual([503, 503, 429, 202]);
    expect(results[0]!.text).toBe('unavailable');
    expect(results[2]!.headers['retry-after']).toBe('2');
    expect(results[2]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(results[2]!.text)).toEqual({ error: 'slow down' });
    expect(sim.pendingScripts('upload')).toBe(0);

    const log = sim.requests.slice(first);
    expect(log.map((r) => [r.route, r.status, r.scripted])).toEqual([
      ['upload', 503, true], ['upload', 503, true], ['upload', 429, true], ['upload', 202, false],
    ]);
    // Scripted answers accept nothing; the one default answer accepted the archive.
    expect(sim.uploads).toHaveLength(1);
    const sha = createHash('sha256').update(archive).digest('hex');
    expect(sim.uploads[0]!.sha256).toBe(sha);
    for (const [i, r] of log.entries()) {
      expect(r.bodyBytes).toBe(results[i]!.sent.length);
      expect(r.bodySha256).toBe(createHash('sha256').update(results[i]!.sent).digest('hex'));
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      expect(r.answeredAt).toBeGreaterThanOrEqual(r.at);
    }
    expect(log[3]!.upload?.archiveSha256).toBe(sha);
    for (let i = 1; i < log.length; i++) expect(log[i]!.at).toBeGreaterThanOrEqual(log[i - 1]!.at);
  });

  it('keeps routes apart, and a scripted status overrides even the token check', async () => {
    sim.script('rules', [{ status: 500, body: 'rules broke' }]);
    sim.script('report', [{ status: 418 }]);
    expect((await getRules({})).status).toBe(500);
    expect((await getRules({})).status).toBe(401);
    expect((await getRules()).status).toBe(200);
    expect(sim.pendingScripts('report')).toBe(1);
    expect(sim.requests.at(-1)).toMatchObject({ route: 'rules', query: 'x=1', path: RULES });
  });

  it('waits delayMs before a scripted answer, and before the default one when no status is given', async () => {
    sim.script('rules', [{ delayMs: 150, status: 504 }, { delayMs: 150 }]);
    let t0 = performance.now();
    expect((await getRules()).status).toBe(504);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    let record = sim.requests.at(-1)!;
    expect(record.answeredAt! - record.at).toBeGreaterThanOrEqual(145);
    t0 = performance.now();
    const res = await getRules();
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toHaveProperty('conditional_gathering_rules');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    record = sim.requests.at(-1)!;
    expect(record).toMatchObject({ status: 200, scripted: false });
  });

  it('logs a request on arrival with status 0 while it waits, and completes the entry when answered', async () => {
    sim.script('rules', [{ delayMs: 300, status: 503 }]);
    const pending = getRules();
    const deadline = performance.now() + 5000;
    while (sim.requests.at(-1)?.status !== 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const record = sim.requests.at(-1)!;
    expect(record).toMatchObject({ status: 0, route: 'rules' });
    expect(record.answeredAt).toBeUndefined();
    expect((await pending).status).toBe(503);
    expect(record.status).toBe(503);
    expect(record.answeredAt).toBeDefined();
  });

  it('resets the connection when told to, after its delay, and serves the next request normally', async () => {
    sim.script('upload', [{ reset: true }, { delayMs: 100, reset: true }]);
    const archive = await validArchive();
    const before = sim.uploads.length;
    const failure = await upload(archive).then(() => undefined, (error: unknown) => error as { code?: string });
    expect(failure?.code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    const t0 = performance.now();
    const second = await upload(archive).then(() => undefined, (error: unknown) => error as { code?: string });
    expect(second?.code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(90);
    expect(sim.requests.slice(-2).map((r) => [r.status, r.answeredAt !== undefined])).toEqual([[0, true], [0, true]]);
    expect((await upload(archive)).status).toBe(202);
    expect(sim.uploads.length).toBe(before + 1);
  });

  it('refuses to script a route that does not exist', () => {
    expect(() => sim.script('uploads' as ConsoleRoute, [{ status: 500 }])).toThrow(/unknown route "uploads"/);
  });

  it('closes promptly while a request waits on a long delay', async () => {
    const other = await startConsoleSim({ token: TOKEN });
    const otherAgent = trustingAgent(other.caPem);
    other.script('rules', [{ delayMs: 30_000, status: 200 }]);
    const pending = request(`${other.url}${RULES}`, { headers: BEARER, dispatcher: otherAgent }).then(() => 'answered', () => 'failed');
    while (other.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    const t0 = performance.now();
    await other.close();
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(await pending).toBe('failed');
    await otherAgent.close();
  });
});
