import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApiextensionsV1Api, ApisApi, CustomObjectsApi, KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import type { V1CustomResourceDefinition } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim } from './index.ts';
import type { KubeSim } from './index.ts';
import { rawRequest } from './test-helpers.ts';

const run = promisify(execFile);

let sim: KubeSim;
let kc: KubeConfig;
let dir: string;

beforeAll(async () => {
  sim = await startKubeSim({});
  kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfigYaml());
  dir = await mkdtemp(join(tmpdir(), 'kube-sim-crd-'));
  await sim.writeKubeconfig(join(dir, 'kubeconfig'));
  sim.store.add({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } });
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

const widgetCrd = (group = 'example.com'): V1CustomResourceDefinition => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${group}` },
  spec: {
    group,
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wd'] },
    scope: 'Namespaced',
    versions: [
      { name: 'v1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', x_kubernetes_preserve_unknown_fields: true } } },
      { name: 'v1alpha1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', x_kubernetes_preserve_unknown_fields: true } } },
      { name: 'v0', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
    ],
  },
});

/** kubectl against the simulator, with a discovery cache of its own. */
const kubectl = (...args: string[]) => run('kubectl', ['--kubeconfig', join(dir, 'kubeconfig'), '--cache-dir', join(dir, `cache-${Date.now()}`), ...args]);

function getWithAccept(path: string, accept: string): Promise<{ status: number; contentType: string; body: Record<string, any> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${sim.url}${path}`, { ca: sim.caPem, headers: { authorization: `Bearer ${sim.token}`, accept } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, any> }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('CustomResourceDefinitions', () => {
  it('serve their resources once created, and stop when deleted', async () => {
    expect((await rawRequest(sim, '/apis/example.com')).status).toBe(404);
    const crds = kc.makeApiClient(ApiextensionsV1Api);
    const misnamed = await crds.createCustomResourceDefinition({ body: { ...widgetCrd(), metadata: { name: 'widgets' } } }).then(() => ({ code: 201, body: '{}' }), (e: unknown) => e as { code: number; body: string });
    expect(misnamed.code).toBe(422);
    expect(JSON.parse(misnamed.body)).toMatchObject({ message: 'CustomResourceDefinition.apiextensions.k8s.io "widgets" is invalid: metadata.name: Invalid value: "widgets": must be spec.names.plural+"."+spec.group' });
    const created = await crds.createCustomResourceDefinition({ body: widgetCrd() });
    expect(created.status?.conditions?.find((c) => c.type === 'Established')?.status).toBe('True');
    expect(created.status?.acceptedNames?.kind).toBe('Widget');

    const groups = await kc.makeApiClient(ApisApi).getAPIVersions();
    expect(groups.groups.find((g) => g.name === 'example.com')?.versions.map((v) => v.version)).toEqual(['v1', 'v1alpha1']);
    expect((await rawRequest(sim, '/apis/example.com')).json()).toMatchObject({ kind: 'APIGroup', name: 'example.com', preferredVersion: { groupVersion: 'example.com/v1' } });
    const resources = (await rawRequest(sim, '/apis/example.com/v1')).json<{ resources: Array<Record<string, unknown>> }>().resources;
    expect(resources.map((r) => r['name'])).toEqual(['widgets', 'widgets/status']);
    expect(resources[0]).toMatchObject({ kind: 'Widget', namespaced: true, singularName: 'widget', shortNames: ['wd'] });
    expect((await rawRequest(sim, '/apis/example.com/v0')).status).toBe(404);
    // v1alpha1 was declared without a status subresource.
    expect((await rawRequest(sim, '/apis/example.com/v1alpha1')).json<{ resources: Array<{ name: string }> }>().resources.map((r) => r.name)).toEqual(['widgets']);

    // CRUD through the clients, resolved through discovery; both versions are views of the same objects.
    const api = KubernetesObjectApi.makeApiClient(kc);
    await api.create({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'demo' }, spec: { size: 3 } } as never);
    const custom = kc.makeApiClient(CustomObjectsApi);
    const viaAlpha = await custom.getNamespacedCustomObject({ group: 'example.com', version: 'v1alpha1', namespace: 'demo', plural: 'widgets', name: 'w1' }) as Record<string, any>;
    expect(viaAlpha['apiVersion']).toBe('example.com/v1alpha1');
    expect(viaAlpha['spec']).toEqual({ size: 3 });
    const listed = await custom.listNamespacedCustomObject({ group: 'example.com', version: 'v1', namespace: 'demo', plural: 'widgets' }) as { items: Array<Record<string, any>> };
    expect(listed.items.map((w) => [w['kind'], w['metadata'].name])).toEqual([['Widget', 'w1']]);

    await crds.deleteCustomResourceDefinition({ name: 'widgets.example.com' });
    expect((await rawRequest(sim, '/apis/example.com/v1')).status).toBe(404);
    expect((await kc.makeApiClient(ApisApi).getAPIVersions()).groups.map((g) => g.name)).not.toContain('example.com');
    // Its objects went with it: a new CRD of the same name starts empty.
    await crds.createCustomResourceDefinition({ body: widgetCrd() });
    expect((await custom.listNamespacedCustomObject({ group: 'example.com', version: 'v1', namespace: 'demo', plural: 'widgets' }) as { items: unknown[] }).items).toEqual([]);
    await crds.deleteCustomResourceDefinition({ name: 'widgets.example.com' });
  });

  it('register when seeded into the store, and leave the types of the resource table alone', async () => {
    sim.store.add(widgetCrd('seeded.example.com') as never);
    expect((await rawRequest(sim, '/apis/seeded.example.com/v1')).status).toBe(200);
    // A CRD for a type the table serves (ClusterOperator) adds nothing and removes nothing.
    const coCrd = { ...widgetCrd('config.openshift.io'), metadata: { name: 'clusteroperators.config.openshift.io' } } as V1CustomResourceDefinition;
    coCrd.spec.names = { plural: 'clusteroperators', kind: 'ClusterOperator', singular: 'clusteroperator' };
    coCrd.spec.scope = 'Cluster';
    coCrd.spec.versions = [coCrd.spec.versions[0]!];
    const before = (await rawRequest(sim, '/apis/config.openshift.io/v1')).body;
    const crds = kc.makeApiClient(ApiextensionsV1Api);
    await crds.createCustomResourceDefinition({ body: coCrd });
    await crds.deleteCustomResourceDefinition({ name: 'clusteroperators.config.openshift.io' });
    expect((await rawRequest(sim, '/apis/config.openshift.io/v1')).body).toBe(before);
  });
});

describe('aggregated discovery', () => {
  const ACCEPT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

  it('serves apidiscovery.k8s.io/v2 to clients that ask for it, the legacy documents to others', async () => {
    sim.store.add(widgetCrd('aggregated.example.com') as never);
    const apis = await getWithAccept('/apis', ACCEPT);
    expect(apis.contentType).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    expect(apis.body['kind']).toBe('APIGroupDiscoveryList');
    const group = (apis.body['items'] as Array<Record<string, any>>).find((g) => g['metadata'].name === 'aggregated.example.com')!;
    expect(group['versions'].map((v: { version: string }) => v.version)).toEqual(['v1', 'v1alpha1']);
    expect(group['versions'][0].resources[0]).toEqual({
      resource: 'widgets', responseKind: { group: 'aggregated.example.com', version: 'v1', kind: 'Widget' }, scope: 'Namespaced', singularResource: 'widget',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['wd'],
      subresources: [{ subresource: 'status', responseKind: { group: 'aggregated.example.com', version: 'v1', kind: 'Widget' }, verbs: ['get', 'patch', 'update'] }],
    });
    const core = await getWithAccept('/api', ACCEPT);
    expect(core.body['items']).toHaveLength(1);
    expect(core.body['items'][0].versions[0].resources.map((r: { resource: string }) => r.resource)).toContain('pods');
    const beta = await getWithAccept('/apis', 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
    expect(beta.body['apiVersion']).toBe('apidiscovery.k8s.io/v2beta1');
    const legacy = await getWithAccept('/apis', 'application/json');
    expect(legacy.contentType).toBe('application/json');
    expect(legacy.body['kind']).toBe('APIGroupList');
  });

  it('lets kubectl discover and read custom resources', async () => {
    sim.store.add({ apiVersion: 'aggregated.example.com/v1', kind: 'Widget', metadata: { name: 'gizmo', namespace: 'demo' }, spec: { size: 1 } });
    const mark = sim.requests.length;
    const raw = JSON.parse((await kubectl('get', '--raw', '/apis')).stdout) as { groups: Array<{ name: string }> };
    expect(raw.groups.map((g) => g.name)).toContain('aggregated.example.com');
    const got = JSON.parse((await kubectl('get', 'widgets.aggregated.example.com', '-n', 'demo', '-o', 'json')).stdout) as { items: Array<{ metadata: { name: string } }> };
    expect(got.items.map((w) => w.metadata.name)).toEqual(['gizmo']);
    // Aggregated discovery answered it all: no per-group-version documents were fetched.
    const paths = sim.requests.slice(mark).map((r) => r.path);
    expect(paths).toContain('/apis');
    expect(paths.filter((p) => /^\/apis\/[^/]+\/[^/]+$/.test(p))).toEqual([]);
    const byShortName = await kubectl('get', 'wd.aggregated.example.com', '-n', 'demo');
    expect(byShortName.stdout).toMatch(/^NAME\s+AGE\ngizmo\s+\d+s\n$/);
    const table = await kubectl('api-resources', '--api-group', 'aggregated.example.com');
    expect(table.stdout).toMatch(/widgets\s+wd\s+aggregated\.example\.com\/v1\s+true\s+Widget/);
  });
});
