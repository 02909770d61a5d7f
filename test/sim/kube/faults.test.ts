import { request } from 'node:https';
import { ApiException, CoreV1Api, KubeConfig, VersionApi } from '@kubernetes/client-node';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseFaultFile } from './faults.ts';
import type { FaultRule } from './faults.ts';
import { useKubeSim } from './harness.ts';
import { startKubeSim } from './index.ts';
import type { KubeSim } from './index.ts';
import { rawRequest } from './test-helpers.ts';

type Json = Record<string, any>;
const NS = 'payments-prod-0';

/** Reads a response to its end (or to the connection's end), counting the chunks that arrived. */
function fetchRaw(sim: KubeSim, path: string): Promise<{ status: number; headers: Json; body: string; chunks: number; error?: Error; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${sim.url}${path}`, { ca: sim.caPem, headers: { authorization: `Bearer ${sim.token}` } }, (res) => {
      const parts: Buffer[] = [];
      const done = (error?: Error): void => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString(), chunks: parts.length, ms: performance.now() - started, ...(error === undefined ? {} : { error }) });
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => done());
      res.on('error', (e) => done(e));
      res.on('aborted', () => done(new Error('aborted')));
    });
    req.on('error', reject);
    req.end();
  });
}

async function outcome(promise: Promise<unknown>): Promise<number | 'ok' | 'broken'> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof ApiException ? error.code : 'broken';
  }
}

describe('fault injection', async () => {
  const kube = await useKubeSim({ scale: 'small' });
  let core: CoreV1Api;
  beforeAll(() => {
    const kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    core = kc.makeApiClient(CoreV1Api);
  });
  afterEach(() => kube.sim.faults.clear());

  it('answers a 503 with a Status, then lets the retry through', async () => {
    const rule = kube.sim.faults.add({ method: 'GET', path: '/api/v1/namespaces/*/pods', status: 503, nth: 1 });
    const error = await core.listNamespacedPod({ namespace: NS }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ApiException);
    expect((error as ApiException<unknown>).code).toBe(503);
    const body = JSON.parse(String((error as ApiException<string>).body)) as Json;
    expect(body).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'ServiceUnavailable', code: 503 });
    const retry = await core.listNamespacedPod({ namespace: NS });
    expect(retry.items).toHaveLength(50);
    expect([rule.matched, rule.fired]).toEqual([2, 1]);
    expect(kube.sim.requests.filter((r) => r.path === `/api/v1/namespaces/${NS}/pods`).slice(-2).map((r) => r.status)).toEqual([503, 200]);
  });

  it('sends Retry-After with 429, and 500s as InternalError', async () => {
    kube.sim.faults.add({ path: '/api/v1/nodes', status: 429, retryAfterSeconds: 3 });
    const limited = await fetchRaw(kube.sim, '/api/v1/nodes');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('3');
    expect(JSON.parse(limited.body)).toMatchObject({ reason: 'TooManyRequests', code: 429, details: { retryAfterSeconds: 3 } });
    kube.sim.faults.clear();
    kube.sim.faults.add({ path: '/api/v1/nodes', status: 500, message: 'etcdserver: request timed out' });
    const broken = await fetchRaw(kube.sim, '/api/v1/nodes');
    expect(JSON.parse(broken.body)).toMatchObject({ reason: 'InternalError', code: 500, message: 'etcdserver: request timed out' });
  });

  it('closes the connection part-way through a body: the client sees an error, not a short list', async () => {
    kube.sim.faults.add({ path: '/api/v1/pods', resetAfterBytes: 4096 });
    const raw = await fetchRaw(kube.sim, '/api/v1/pods');
    expect(raw.status).toBe(200);
    expect(raw.error).toBeDefined();
    expect(raw.body.length).toBeGreaterThan(0);
    expect(raw.body.length).toBeLessThanOrEqual(4096);
    expect(await outcome(core.listPodForAllNamespaces())).toBe('broken');
    // A body shorter than the limit is still cut short.
    kube.sim.faults.add({ path: '/version', resetAfterBytes: 1_000_000 });
    const short = await fetchRaw(kube.sim, '/version');
    expect(short.error).toBeDefined();
    expect(() => JSON.parse(short.body)).toThrow();
  });

  it('adds latency, fixed or from a range', async () => {
    const version = new KubeConfig();
    version.loadFromFile(kube.kubeconfigPath);
    const api = version.makeApiClient(VersionApi);
    await api.getCode();
    kube.sim.faults.add({ path: '/version', latencyMs: 300 });
    let t = performance.now();
    await api.getCode();
    expect(performance.now() - t).toBeGreaterThanOrEqual(280);
    expect(performance.now() - t).toBeLessThan(10_000);
    kube.sim.faults.clear();
    kube.sim.faults.add({ path: '/version', latencyMs: [200, 250] });
    t = performance.now();
    await api.getCode();
    expect(performance.now() - t).toBeGreaterThanOrEqual(190);
  });

  it('drips a body in small chunks, which arrives whole', async () => {
    const path = `/api/v1/namespaces/${NS}/pods?limit=3`;
    const clean = await fetchRaw(kube.sim, path);
    kube.sim.faults.add({ path: '/api/v1/namespaces/*/pods', query: { limit: true }, slowBody: { chunkBytes: 1024, delayMs: 10 } });
    const slow = await fetchRaw(kube.sim, path);
    expect(slow.body).toBe(clean.body);
    // Chunks may coalesce on a busy machine; half of them arriving apart still shows the drip.
    expect(slow.chunks).toBeGreaterThanOrEqual(Math.floor(clean.body.length / 1024 / 2));
    expect(slow.ms).toBeGreaterThanOrEqual(Math.floor(clean.body.length / 1024) * 10 * 0.8);
    // The query selector: without limit the rule does not apply.
    const whole = await fetchRaw(kube.sim, `/api/v1/namespaces/${NS}/pods`);
    expect(whole.chunks).toBeLessThan(Math.floor(whole.body.length / 1024));
  });

  it('hits only the nth matching request, or the first `times`', async () => {
    const third = kube.sim.faults.add({ path: '/api/v1/namespaces/*/configmaps', status: 500, nth: 3 });
    const seen: Array<number | string> = [];
    for (let i = 0; i < 5; i++) seen.push(await outcome(core.listNamespacedConfigMap({ namespace: NS })));
    expect(seen).toEqual(['ok', 'ok', 500, 'ok', 'ok']);
    expect(third.fired).toBe(1);
    third.remove();
    kube.sim.faults.add({ path: '/api/v1/namespaces/*/configmaps', status: 503, times: 2 });
    const twice: Array<number | string> = [];
    for (let i = 0; i < 4; i++) twice.push(await outcome(core.listNamespacedConfigMap({ namespace: NS })));
    expect(twice).toEqual([503, 503, 'ok', 'ok']);
  });

  it('matches methods, regular expressions and query parameters', async () => {
    kube.sim.faults.add({ method: ['POST', 'PUT'], path: '**', status: 500 });
    kube.sim.faults.add({ path: /^\/apis\/config\.openshift\.io\/v1\/clusteroperators$/, query: { labelSelector: '*degraded*' }, status: 503 });
    expect((await fetchRaw(kube.sim, '/apis/config.openshift.io/v1/clusteroperators')).status).toBe(200);
    expect((await fetchRaw(kube.sim, '/apis/config.openshift.io/v1/clusteroperators?labelSelector=state%3Ddegraded')).status).toBe(503);
    expect((await rawRequest(kube.sim, '/api/v1/namespaces/default/configmaps', { method: 'POST' })).status).toBe(500);
  });

  it('rejects malformed rules with the field at fault', () => {
    const bad: Array<[unknown, RegExp]> = [
      [{ status: 200 }, /status must be an HTTP error code/],
      [{ path: '/x', latencyMs: [5, 1] }, /latencyMs/],
      [{ status: 500, resetAfterBytes: 10 }, /cannot be combined/],
      [{ path: '/x' }, /does nothing/],
      [{ status: 500, bogus: 1 }, /bogus is not a rule field/],
      [{ status: 500, probability: 2 }, /probability/],
      [{ status: 500, path: 're:/[/' }, /invalid regular expression/],
    ];
    for (const [rule, message] of bad) expect(() => kube.sim.faults.add(rule as FaultRule), JSON.stringify(rule)).toThrow(message);
    expect(kube.sim.faults.rules).toEqual([]);
  });
});

describe('seeded faults', () => {
  const rules: FaultRule[] = [{ path: '/api/v1/namespaces/*/pods', status: 503, probability: 0.5 }, { path: '/api/v1/namespaces/*/pods', latencyMs: [0, 5] }];

  async function run(faultSeed: number | undefined): Promise<Array<number | string>> {
    const sim = await startKubeSim({ scale: 1, faults: rules, ...(faultSeed === undefined ? {} : { faultSeed }) });
    try {
      const kc = new KubeConfig();
      kc.loadFromString(sim.kubeconfigYaml());
      const core = kc.makeApiClient(CoreV1Api);
      const seen: Array<number | string> = [];
      for (let i = 0; i < 24; i++) seen.push(await outcome(core.listNamespacedPod({ namespace: NS, limit: 1 })));
      // Reseeding replays the same faults for the same requests.
      sim.faults.reseed();
      for (let i = 0; i < 24; i++) seen.push(await outcome(core.listNamespacedPod({ namespace: NS, limit: 1 })));
      return seen;
    } finally {
      await sim.close();
    }
  }

  it('replays the same outcomes for the same seed, and others for another', async () => {
    const first = await run(undefined);
    expect(first.slice(24)).toEqual(first.slice(0, 24));
    expect(new Set(first)).toEqual(new Set(['ok', 503]));
    expect(await run(1)).toEqual(first);
    expect(await run(42)).not.toEqual(first);
  });

  it('reads rules from JSON and YAML files', async () => {
    const yaml = await parseFaultFile('- path: /api/v1/pods\n  status: 429\n  retryAfterSeconds: 2\n- path: "re:^/apis/"\n  latencyMs: [10, 20]\n', 'faults.yaml');
    expect(yaml).toEqual([{ path: '/api/v1/pods', status: 429, retryAfterSeconds: 2 }, { path: 're:^/apis/', latencyMs: [10, 20] }]);
    expect(await parseFaultFile('[{"status": 500, "nth": 2}]', 'faults.json')).toEqual([{ status: 500, nth: 2 }]);
    await expect(parseFaultFile('{"status": 500}', 'f.json')).rejects.toThrow(/expected a list/);
    await expect(parseFaultFile('- status: 99', 'f.yaml')).rejects.toThrow(/f\.yaml: rule 1: status/);
  });
});
