import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeApiError } from '../../../plugin-api/index.ts';
import { connectKube } from '../../../core/kube/connect.ts';
import type { KubeConnection } from '../../../core/kube/connect.ts';
import { startKubeSim } from '../../sim/kube/index.ts';
import type { KubeSim } from '../../sim/kube/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

let sim: KubeSim;
let kube: KubeConnection;
beforeAll(async () => {
  sim = await startKubeSim({});
  const file = join(await tempDir('io-kube-'), 'kubeconfig');
  await sim.writeKubeconfig(file);
  kube = connectKube({ kubeconfig: file, qps: 1000, burst: 1000 });
  sim.store.add({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'op-metrics', namespace: 'op' }, spec: { ports: [{ name: 'http-metrics', port: 8383 }, { name: 'other', port: 9000 }] } });
  sim.services.set('op', 'op-metrics', 8383, '/metrics', 'op_up 1\n');
  sim.services.set('op', 'op-metrics', 8383, '/debug/vars', { status: 500, body: 'internal error' });
});
afterAll(() => sim?.close());

describe('LimitedKubeClient.serviceProxy against the simulator, through client-node', () => {
  it("returns the backend's body, by port number or name, with the query passed on", async () => {
    const before = sim.requests.length;
    expect(await kube.client.serviceProxy('op', 'op-metrics', { port: 8383, path: '/metrics', query: { format: 'text' } })).toBe('op_up 1\n');
    expect(await kube.client.serviceProxy('op', 'op-metrics', { port: 'http-metrics', path: '/metrics' })).toBe('op_up 1\n');
    expect(sim.requests.slice(before).map((r) => [r.path, r.query])).toEqual([
      ['/api/v1/namespaces/op/services/op-metrics:8383/proxy/metrics', 'format=text'],
      ['/api/v1/namespaces/op/services/op-metrics:http-metrics/proxy/metrics', ''],
    ]);
  });

  it("throws KubeApiError with the status for the API server's refusals and the backend's errors", async () => {
    const cases: Array<[string, number, number, RegExp]> = [
      ['no-such-service', 8383, 404, /^services "no-such-service" not found$/],
      ['op-metrics', 9000, 503, /^no endpoints available for service "op-metrics:9000"$/],
      ['op-metrics', 1234, 503, /^no service port 1234 found for service "op-metrics"$/],
    ];
    for (const [service, port, status, message] of cases) {
      const error = await kube.client.serviceProxy('op', service, { port, path: '/metrics' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KubeApiError);
      expect(error).toMatchObject({ statusCode: status, message: expect.stringMatching(message) });
    }
    // The backend's own failure: no Status body, the status code still says it.
    const backend = await kube.client.serviceProxy('op', 'op-metrics', { port: 8383, path: '/debug/vars' }).catch((e: unknown) => e);
    expect(backend).toMatchObject({ statusCode: 500, message: 'Service (v1): HTTP 500' });
  });

  it('refuses a path that does not start with "/" before sending anything', async () => {
    const before = sim.requests.length;
    await expect(kube.client.serviceProxy('op', 'op-metrics', { port: 8383, path: 'metrics' })).rejects.toThrow(TypeError);
    expect(sim.requests.length).toBe(before);
  });
});
