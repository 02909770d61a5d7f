import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useKubeSim } from './harness.ts';
import { loadFixture, SAMPLE_FIXTURE } from './index.ts';
import { grantRules } from './rbac-fixtures.ts';
import { rawRequest } from './test-helpers.ts';

const DVO = { namespace: 'deployment-validation-operator', name: 'deployment-validation-operator-metrics', port: 8383 };
const proxy = (namespace: string, target: string, rest = 'metrics'): string => `/api/v1/namespaces/${namespace}/services/${target}/proxy/${rest}`;

describe('the service proxy of a sample-seeded simulator', async () => {
  const kube = await useKubeSim({ fixture: 'sample', rbac: true });

  it("serves the sample's DVO metrics from the DVO's metrics Service, among metrics a gatherer leaves out", async () => {
    const service = kube.sim.store.get('v1', 'Service', DVO.name, DVO.namespace)!;
    expect(service.metadata.labels).toEqual({ name: 'deployment-validation-operator' });
    const res = await rawRequest(kube.sim, proxy(DVO.namespace, `${DVO.name}:${DVO.port}`));
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/plain/);
    const sampleLines = readFileSync(join(SAMPLE_FIXTURE, 'config/dvo_metrics'), 'utf8').split('\n').slice(1);
    expect(res.body.split('\n').filter((l) => l.startsWith('deployment_validation_operator_'))).toEqual(sampleLines);
    expect(res.body).toMatch(/^go_goroutines \d+$/m);
    // By port name, and with a scheme, as kube accepts them.
    expect((await rawRequest(kube.sim, proxy(DVO.namespace, `${DVO.name}:http-metrics`))).body).toBe(res.body);
    expect((await rawRequest(kube.sim, proxy(DVO.namespace, `http:${DVO.name}:${DVO.port}`))).body).toBe(res.body);
    const seed = await loadFixture(SAMPLE_FIXTURE);
    expect(seed.backends.map((b) => [b.path, b.namespace, b.service, b.port, b.httpPath])).toEqual([['config/dvo_metrics', DVO.namespace, DVO.name, DVO.port, '/metrics']]);
  });

  it("answers as kube-apiserver: 404 for no Service, 503 for no such port or nothing serving it, the backend's 404 for an unknown path", async () => {
    const missing = await rawRequest(kube.sim, proxy(DVO.namespace, 'nope:8383'));
    expect([missing.status, missing.json()['message']]).toEqual([404, 'services "nope" not found']);
    const badPort = await rawRequest(kube.sim, proxy(DVO.namespace, `${DVO.name}:9999`));
    expect([badPort.status, badPort.json()['reason'], badPort.json()['message']]).toEqual([503, 'ServiceUnavailable', `no service port 9999 found for service "${DVO.name}"`]);
    kube.sim.store.add({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'idle', namespace: DVO.namespace }, spec: { ports: [{ name: 'web', port: 80 }] } });
    try {
      const idle = await rawRequest(kube.sim, proxy(DVO.namespace, 'idle:80'));
      expect([idle.status, idle.json()['message']]).toEqual([503, 'no endpoints available for service "idle:80"']);
      kube.sim.services.set(DVO.namespace, 'idle', 80, '/healthz', { status: 500, body: 'broken' });
      expect(await rawRequest(kube.sim, proxy(DVO.namespace, 'idle:80', 'healthz')).then((r) => [r.status, r.body])).toEqual([500, 'broken']);
      expect(await rawRequest(kube.sim, proxy(DVO.namespace, 'idle:web', 'metrics')).then((r) => [r.status, r.body])).toEqual([404, '404 page not found\n']);
    } finally {
      kube.sim.services.delete(DVO.namespace, 'idle', 80, '/healthz');
      kube.sim.store.remove('v1', 'Service', 'idle', DVO.namespace);
    }
    expect((await rawRequest(kube.sim, proxy(DVO.namespace, `${DVO.name}:${DVO.port}`), { method: 'POST' })).status).toBe(405);
  });

  it('authorizes get on services/proxy in the namespace, as kube-apiserver does', async () => {
    const token = 'service-proxy-reader-token';
    kube.sim.addToken(token, { user: 'service-proxy-reader' });
    grantRules(kube.sim.store, 'service-proxy-reader', [{ apiGroups: [''], resources: ['services'], verbs: ['get', 'list'] }]);
    const refused = await rawRequest(kube.sim, proxy(DVO.namespace, `${DVO.name}:${DVO.port}`), { token });
    expect(refused.status).toBe(403);
    expect(refused.json()['message']).toBe(`services "${DVO.name}:${DVO.port}" is forbidden: User "service-proxy-reader" cannot get resource "services/proxy" in API group "" in the namespace "${DVO.namespace}"`);
    grantRules(kube.sim.store, 'service-proxy-reader', [{ apiGroups: [''], resources: ['services/proxy'], verbs: ['get'] }], { namespace: DVO.namespace });
    expect((await rawRequest(kube.sim, proxy(DVO.namespace, `${DVO.name}:${DVO.port}`), { token })).status).toBe(200);
  });
});
