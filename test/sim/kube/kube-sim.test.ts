import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ApiException, ApisApi, CoreV1Api, CustomObjectsApi, KubeConfig, KubernetesObjectApi, PolicyV1Api, VersionApi,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCerts } from './certs.ts';
import { SAMPLE_FIXTURE, startKubeSim } from './index.ts';
import type { KubeSim } from './index.ts';
import { rawRequest } from './test-helpers.ts';

let sim: KubeSim;
let kc: KubeConfig;

beforeAll(async () => {
  sim = await startKubeSim({ fixture: 'sample' });
  kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfigYaml());
});
afterAll(() => sim.close());

const readJson = (rel: string): Record<string, any> => JSON.parse(readFileSync(join(SAMPLE_FIXTURE, rel), 'utf8'));

async function apiError(promise: Promise<unknown>): Promise<ApiException<string>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiException) return error as ApiException<string>;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('discovery', () => {
  it('serves /version, /api, /apis and resource lists', async () => {
    const version = await kc.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toMatch(/^v1\.\d+\.\d+$/);
    const groups = await kc.makeApiClient(ApisApi).getAPIVersions();
    const config = groups.groups.find((g) => g.name === 'config.openshift.io');
    expect(config?.preferredVersion?.groupVersion).toBe('config.openshift.io/v1');
    for (const g of ['apps', 'operator.openshift.io', 'machine.openshift.io', 'rbac.authorization.k8s.io', 'insights.openshift.io']) {
      expect(groups.groups.map((x) => x.name)).toContain(g);
    }
    // machine.openshift.io serves v1 and v1beta1; GA is preferred.
    expect(groups.groups.find((g) => g.name === 'machine.openshift.io')?.versions.map((v) => v.version).sort()).toEqual(['v1', 'v1beta1']);

    const core = (await rawRequest(sim, '/api/v1')).json<{ resources: Array<Record<string, unknown>> }>();
    expect(core.resources).toContainEqual(expect.objectContaining({ name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', shortNames: ['po'] }));
    expect(core.resources).toContainEqual(expect.objectContaining({ name: 'nodes', namespaced: false, kind: 'Node' }));
    const co = (await rawRequest(sim, '/apis/config.openshift.io/v1')).json<{ groupVersion: string; resources: Array<Record<string, unknown>> }>();
    expect(co.groupVersion).toBe('config.openshift.io/v1');
    expect(co.resources).toContainEqual(expect.objectContaining({
      name: 'clusteroperators', kind: 'ClusterOperator', namespaced: false,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    }));
    // kube lists the status subresource next to its resource; ConfigMaps have none.
    expect(co.resources).toContainEqual({ name: 'clusteroperators/status', singularName: '', namespaced: false, kind: 'ClusterOperator', verbs: ['get', 'patch', 'update'] });
    expect(core.resources.map((r) => r['name'])).not.toContain('configmaps/status');
  });

  it('answers unknown groups, versions and openapi with a 404 Status', async () => {
    for (const path of ['/apis/nope.example.com/v1', '/apis/config.openshift.io/v9', '/openapi/v2', '/openapi/v3', '/apis/nope.example.com', '/api/v1/widgets']) {
      const res = await rawRequest(sim, path);
      expect(res.status, path).toBe(404);
      expect(res.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 });
    }
  });

  it('resolves kinds to paths through discovery (KubernetesObjectApi)', async () => {
    const api = KubernetesObjectApi.makeApiClient(kc);
    const ic = await api.read({ apiVersion: 'operator.openshift.io/v1', kind: 'IngressController', metadata: { name: 'default', namespace: 'openshift-ingress-operator' } });
    expect(ic.kind).toBe('IngressController');
    const machines = await api.list('machine.openshift.io/v1beta1', 'Machine', 'openshift-machine-api');
    expect(machines.items.map((m) => m.metadata?.name)).toHaveLength(6);
  });
});

describe('reading the sample archive back', () => {
  it('returns the ClusterVersion with the fixture clusterID', async () => {
    const cv = (await kc.makeApiClient(CustomObjectsApi).getClusterCustomObject({ group: 'config.openshift.io', version: 'v1', plural: 'clusterversions', name: 'version' })) as Record<string, any>;
    expect(cv['apiVersion']).toBe('config.openshift.io/v1');
    expect(cv['kind']).toBe('ClusterVersion');
    expect(cv['spec'].clusterID).toBe(readJson('config/version.json')['spec'].clusterID);
    expect(cv['spec'].clusterID).toBe('84ef291d-8f1b-4d28-ab34-cfddff941b84');
  });

  it('reads every config/node/*.json back by name, unchanged', async () => {
    const files = readdirSync(join(SAMPLE_FIXTURE, 'config/node')).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const expected = readJson(`config/node/${file}`);
      const res = await rawRequest(sim, `/api/v1/nodes/${encodeURIComponent(expected['metadata'].name)}`);
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ apiVersion: 'v1', kind: 'Node', ...expected });
    }
    const typed = await kc.makeApiClient(CoreV1Api).listNode();
    // Plus the control-plane nodes made for the node journals the sample has no node file for.
    const journalNodes = readdirSync(join(SAMPLE_FIXTURE, 'config/node/logs')).map((f) => f.replace(/\.log$/, ''));
    expect(typed.items.map((n) => n.metadata?.name).sort()).toEqual([...new Set([...files.map((f) => f.replace(/\.json$/, '')), ...journalNodes])].sort());
  });

  it('reads every top-level config/clusteroperator/*.json back by name, unchanged', async () => {
    const api = kc.makeApiClient(CustomObjectsApi);
    const files = readdirSync(join(SAMPLE_FIXTURE, 'config/clusteroperator')).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(31);
    for (const file of files) {
      const expected = readJson(`config/clusteroperator/${file}`);
      const got = await api.getClusterCustomObject({ group: 'config.openshift.io', version: 'v1', plural: 'clusteroperators', name: file.replace(/\.json$/, '') });
      expect(got).toEqual(expected);
    }
    const list = (await api.listClusterCustomObject({ group: 'config.openshift.io', version: 'v1', plural: 'clusteroperators' })) as { items: unknown[] };
    expect(list.items).toHaveLength(31);
  });

  it('serves a policy/v1beta1 object of the archive at policy/v1', async () => {
    const pdbs = await kc.makeApiClient(PolicyV1Api).listPodDisruptionBudgetForAllNamespaces();
    expect(pdbs.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`)).toEqual(['openshift-machine-config-operator/etcd-quorum-guard']);
    const res = await rawRequest(sim, '/apis/policy/v1/namespaces/openshift-machine-config-operator/poddisruptionbudgets/etcd-quorum-guard');
    expect(res.json()['apiVersion']).toBe('policy/v1');
  });
});

describe('lists', () => {
  it('omits apiVersion/kind on items of built-in types and keeps them on CRD-backed ones', async () => {
    const pods = (await rawRequest(sim, '/api/v1/pods')).json<{ kind: string; apiVersion: string; items: Array<Record<string, unknown>>; metadata: Record<string, unknown> }>();
    expect(pods.kind).toBe('PodList');
    expect(pods.apiVersion).toBe('v1');
    expect(pods.items.length).toBeGreaterThan(20);
    expect(pods.items.every((p) => !('apiVersion' in p) && !('kind' in p))).toBe(true);
    expect(pods.metadata['resourceVersion']).toMatch(/^\d+$/);
    const cos = (await rawRequest(sim, '/apis/config.openshift.io/v1/clusteroperators')).json<{ kind: string; items: Array<Record<string, unknown>> }>();
    expect(cos.kind).toBe('ClusterOperatorList');
    expect(cos.items.every((c) => c['apiVersion'] === 'config.openshift.io/v1' && c['kind'] === 'ClusterOperator')).toBe(true);
  });

  it('sorts by namespace then name and filters by namespace', async () => {
    const all = (await rawRequest(sim, '/api/v1/pods')).json<{ items: Array<{ metadata: { namespace: string; name: string } }> }>();
    const keys = all.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    expect(keys).toEqual([...keys].sort());
    const inNs = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'openshift-monitoring' });
    // prometheus-operator-… is only in the archive as a log: the simulator makes a pod for it.
    expect(inNs.items.map((p) => p.metadata?.name)).toEqual(['alertmanager-main-0', 'cluster-monitoring-operator-6c785d75f6-t79zv', 'prometheus-k8s-0', 'prometheus-k8s-1', 'prometheus-operator-5474fcdb86-nknz9']);
    // A namespace whose name prefixes another's must not leak into it (one pod file, three pods with only logs).
    const ns = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'openshift-kube-scheduler' });
    expect(ns.items.every((p) => p.metadata?.namespace === 'openshift-kube-scheduler')).toBe(true);
    expect(ns.items).toHaveLength(4);
  });
});

describe('errors', () => {
  it('returns a NotFound Status for missing objects, as kube-apiserver words it', async () => {
    const err = await apiError(kc.makeApiClient(CoreV1Api).readNode({ name: 'no-such-node' }));
    expect(err.code).toBe(404);
    const body = JSON.parse(err.body) as Record<string, unknown>;
    expect(body).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'nodes "no-such-node" not found', reason: 'NotFound',
      details: { name: 'no-such-node', kind: 'nodes' }, code: 404,
    });
    const grouped = await apiError(kc.makeApiClient(CustomObjectsApi).getClusterCustomObject({ group: 'config.openshift.io', version: 'v1', plural: 'clusteroperators', name: 'foo' }));
    expect(grouped.code).toBe(404);
    expect(JSON.parse(grouped.body)).toMatchObject({ reason: 'NotFound', message: 'clusteroperators.config.openshift.io "foo" not found', details: { name: 'foo', group: 'config.openshift.io', kind: 'clusteroperators' } });
  });

  it('rejects a missing or wrong token with 401 Unauthorized', async () => {
    const none = await rawRequest(sim, '/api/v1/nodes', { token: null });
    expect(none.status).toBe(401);
    expect(none.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    expect((await rawRequest(sim, '/version', { token: null })).status).toBe(401);
    const wrong = new KubeConfig();
    wrong.loadFromString(sim.kubeconfigYaml().replace(sim.token, 'not-the-token'));
    // The generated client drops 401 bodies; the raw check above covers the body.
    const err = await apiError(wrong.makeApiClient(CoreV1Api).listNode());
    expect(err.code).toBe(401);
  });

  it('refuses methods a path does not take with 405 MethodNotAllowed', async () => {
    // POST goes to collections, PUT to objects; discovery documents are read-only.
    for (const [method, path] of [['POST', '/api/v1/namespaces/default/configmaps/x'], ['PUT', '/api/v1/namespaces/default/configmaps'], ['POST', '/apis'], ['POST', '/api/v1']]) {
      const res = await rawRequest(sim, path!, { method });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.json()).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed', code: 405 });
    }
  });

  it('verifies TLS: a kubeconfig with another CA cannot connect', async () => {
    const other = await generateCerts();
    const cfg = new KubeConfig();
    cfg.loadFromString(sim.kubeconfigYaml().replace(Buffer.from(sim.caPem).toString('base64'), Buffer.from(other.caPem).toString('base64')));
    const error = await cfg.makeApiClient(CoreV1Api).listNode().then(() => undefined, (e: unknown) => e as Error & { cause?: { code?: string } });
    expect(error?.cause?.code).toMatch(/CERT|SIGNATURE|VERIFY/);
  });
});

describe('store and bookkeeping', () => {
  it('serves objects added and removed through the store', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const added = sim.store.add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'added-by-test', namespace: 'default' }, data: { a: 'b' } });
    expect(added.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(added.metadata.resourceVersion).toMatch(/^\d+$/);
    expect((await core.readNamespacedConfigMap({ name: 'added-by-test', namespace: 'default' })).data).toEqual({ a: 'b' });
    expect(sim.store.remove('v1', 'ConfigMap', 'added-by-test', 'default')).toBe(true);
    expect((await apiError(core.readNamespacedConfigMap({ name: 'added-by-test', namespace: 'default' }))).code).toBe(404);
  });

  it('closes idempotently', async () => {
    const extra = await startKubeSim({});
    expect(extra.store.count()).toBe(0);
    await Promise.all([extra.close(), extra.close()]);
    await extra.close();
    await expect(rawRequest(extra, '/version')).rejects.toThrow();
  });

  it('records requests and writes kubeconfigs with impersonation', async () => {
    const before = sim.requests.length;
    await rawRequest(sim, '/api/v1/nodes?limit=1');
    await rawRequest(sim, '/api/v1/nodes', { token: 'wrong' });
    expect(sim.requests.slice(before)).toEqual([
      { method: 'GET', path: '/api/v1/nodes', query: 'limit=1', status: 200 },
      { method: 'GET', path: '/api/v1/nodes', query: '', status: 401 },
    ]);
    const imp = new KubeConfig();
    imp.loadFromString(sim.kubeconfigYaml({ impersonate: 'system:serviceaccount:openshift-insights:gather' }));
    expect(imp.getCurrentUser()?.impersonateUser).toBe('system:serviceaccount:openshift-insights:gather');
    expect(imp.getCurrentCluster()?.server).toBe(sim.url);
  });
});
