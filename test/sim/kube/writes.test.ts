import {
  ApiException, CoreV1Api, CustomObjectsApi, EventsV1Api, KubeConfig, KubernetesObjectApi, loadAllYaml, PatchStrategy, setHeaderOptions,
} from '@kubernetes/client-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim } from './index.ts';
import type { KubeSim } from './index.ts';
import { rawRequest } from './test-helpers.ts';

let sim: KubeSim;
let kc: KubeConfig;
let core: CoreV1Api;
let custom: CustomObjectsApi;

beforeAll(async () => {
  // An empty cluster: what these tests read, they write first.
  sim = await startKubeSim({});
  sim.store.add({ apiVersion: 'config.openshift.io/v1', kind: 'ClusterOperator', metadata: { name: 'insights', generation: 1 }, spec: {}, status: { conditions: [{ type: 'Degraded', status: 'False' }] } });
  kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfigYaml());
  core = kc.makeApiClient(CoreV1Api);
  custom = kc.makeApiClient(CustomObjectsApi);
  await core.createNamespace({ body: { metadata: { name: 'writes' } } });
});
afterAll(() => sim.close());

async function failure(promise: Promise<unknown>): Promise<{ code: number; body: Record<string, any> }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiException) return { code: error.code, body: JSON.parse(error.body as string) as Record<string, any> };
    throw error;
  }
  throw new Error('expected the request to fail');
}

const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const strategic = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
const jsonPatch = setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);

/** A raw request with a body, for content types and bodies the generated client would not send. */
async function send(method: string, path: string, body: unknown, contentType = 'application/json') {
  const { request } = await import('node:https');
  return new Promise<{ status: number; json: Record<string, any> }>((resolve, reject) => {
    const req = request(`${sim.url}${path}`, { method, ca: sim.caPem, headers: { authorization: `Bearer ${sim.token}`, 'content-type': contentType } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, any> }));
    });
    req.on('error', reject);
    req.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
}

describe('create', () => {
  it('creates (201) with server-set metadata and refuses a second create with 409 AlreadyExists', async () => {
    const before = Number(sim.store.resourceVersion);
    const cm = await core.createNamespacedConfigMap({ namespace: 'writes', body: { metadata: { name: 'one', labels: { a: 'b' } }, data: { k: 'v' } } });
    expect(cm.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(cm.metadata?.resourceVersion)).toBe(before + 1);
    expect(cm.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(sim.requests.at(-1)).toMatchObject({ method: 'POST', path: '/api/v1/namespaces/writes/configmaps', status: 201 });
    expect((await core.readNamespacedConfigMap({ name: 'one', namespace: 'writes' })).data).toEqual({ k: 'v' });

    const again = await failure(core.createNamespacedConfigMap({ namespace: 'writes', body: { metadata: { name: 'one' } } }));
    expect(again.code).toBe(409);
    expect(again.body).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'configmaps "one" already exists',
      reason: 'AlreadyExists', details: { name: 'one', kind: 'configmaps' }, code: 409,
    });
  });

  it('refuses a namespaced create into a missing namespace with 404', async () => {
    const err = await failure(core.createNamespacedConfigMap({ namespace: 'no-such-ns', body: { metadata: { name: 'x' } } }));
    expect(err.code).toBe(404);
    expect(err.body).toMatchObject({ reason: 'NotFound', message: 'namespaces "no-such-ns" not found', details: { name: 'no-such-ns', kind: 'namespaces' } });
  });

  it('validates metadata.name with 422 Invalid, worded as kube', async () => {
    const err = await failure(core.createNamespacedConfigMap({ namespace: 'writes', body: { metadata: { name: 'Bad_Name' } } }));
    expect(err.code).toBe(422);
    const detail = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    expect(err.body).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Invalid', code: 422,
      message: `ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${detail}`,
      details: { name: 'Bad_Name', kind: 'ConfigMap', causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: "Bad_Name": ${detail}`, field: 'metadata.name' }] },
    });
    const ns = await failure(core.createNamespace({ body: { metadata: { name: 'has.dot' } } }));
    expect(ns.body['message']).toContain("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'");
    const none = await failure(core.createNamespacedConfigMap({ namespace: 'writes', body: { metadata: {} } }));
    expect(none.body['message']).toBe('ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required');
    // RBAC names only need to be path segments: OpenShift's are full of colons.
    const api = KubernetesObjectApi.makeApiClient(kc);
    await api.create({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:openshift:test' } } as KubernetesObject);
  });

  it('fills generateName, honours dryRun=All, and takes only JSON or YAML bodies (415)', async () => {
    const generated = await core.createNamespacedConfigMap({ namespace: 'writes', body: { metadata: { generateName: 'gen-' } } });
    expect(generated.metadata?.name).toMatch(/^gen-[a-z0-9]{5}$/);

    const rv = sim.store.resourceVersion;
    const dry = await core.createNamespacedConfigMap({ namespace: 'writes', dryRun: 'All', body: { metadata: { name: 'dry' } } });
    expect(dry.metadata?.name).toBe('dry');
    expect(sim.store.resourceVersion).toBe(rv);
    expect((await failure(core.readNamespacedConfigMap({ name: 'dry', namespace: 'writes' }))).code).toBe(404);

    const xml = await send('POST', '/api/v1/namespaces/writes/configmaps', '<configmap/>', 'application/xml');
    expect(xml.status).toBe(415);
    expect(xml.json).toMatchObject({ reason: 'UnsupportedMediaType', message: 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml' });
    const yaml = await send('POST', '/api/v1/namespaces/writes/configmaps', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\n', 'application/yaml');
    expect(yaml.status).toBe(201);
    const crNoKind = await send('POST', '/apis/config.openshift.io/v1/clusteroperators', { metadata: { name: 'x' } });
    expect(crNoKind.status).toBe(400);
    expect(crNoKind.json['message']).toMatch(/^Object 'Kind' is missing in/);
  });

  it('creates core and events.k8s.io Events: one set of events, seen through both APIs', async () => {
    const involved = { kind: 'ConfigMap', namespace: 'writes', name: 'one' };
    await core.createNamespacedEvent({ namespace: 'writes', body: { metadata: { name: 'one.1' }, involvedObject: involved, reason: 'Tested', message: 'core event', type: 'Normal' } });
    const events = kc.makeApiClient(EventsV1Api);
    await events.createNamespacedEvent({ namespace: 'writes', body: { metadata: { name: 'one.2' }, eventTime: new Date(), reportingController: 'test', reportingInstance: 'test-1', action: 'Test', reason: 'Tested', note: 'new event', regarding: involved, type: 'Normal' } });
    const viaCore = (await core.listNamespacedEvent({ namespace: 'writes' })).items;
    expect(viaCore.map((e) => [e.metadata?.name, e.message, e.involvedObject.name, e.reportingComponent])).toEqual([['one.1', 'core event', 'one', undefined], ['one.2', 'new event', 'one', 'test']]);
    const viaEvents = (await events.listNamespacedEvent({ namespace: 'writes' })).items;
    expect(viaEvents.map((e) => [e.metadata?.name, e.note, e.regarding?.name])).toEqual([['one.1', 'core event', 'one'], ['one.2', 'new event', 'one']]);
    // Core field selectors find events created through events.k8s.io.
    expect((await core.listNamespacedEvent({ namespace: 'writes', fieldSelector: 'involvedObject.name=one,reportingComponent=test' })).items.map((e) => e.metadata?.name)).toEqual(['one.2']);
  });
});

describe('update and patch', () => {
  it('replaces with PUT, and refuses a stale resourceVersion with 409 Conflict', async () => {
    const cm = await core.createNamespacedConfigMap({ namespace: 'writes', body: { metadata: { name: 'put' }, data: { v: '1' } } });
    const updated = await core.replaceNamespacedConfigMap({ name: 'put', namespace: 'writes', body: { ...cm, data: { v: '2' } } });
    expect(updated.data).toEqual({ v: '2' });
    expect(Number(updated.metadata?.resourceVersion)).toBeGreaterThan(Number(cm.metadata?.resourceVersion));
    expect(updated.metadata?.uid).toBe(cm.metadata?.uid);

    const stale = await failure(core.replaceNamespacedConfigMap({ name: 'put', namespace: 'writes', body: { ...cm, data: { v: '3' } } }));
    expect(stale.code).toBe(409);
    expect(stale.body).toMatchObject({
      reason: 'Conflict', details: { name: 'put', kind: 'configmaps' },
      message: 'Operation cannot be fulfilled on configmaps "put": the object has been modified; please apply your changes to the latest version and try again',
    });
    // Without a resourceVersion the update is unconditional for built-in types...
    const { resourceVersion: _rv, ...meta } = updated.metadata!;
    expect((await core.replaceNamespacedConfigMap({ name: 'put', namespace: 'writes', body: { metadata: meta, data: { v: '4' } } })).data).toEqual({ v: '4' });
    // ...and a PUT of an absent object is 404.
    expect((await failure(core.replaceNamespacedConfigMap({ name: 'absent', namespace: 'writes', body: { metadata: { name: 'absent' } } }))).code).toBe(404);
    // An identical PUT changes nothing, not even the resourceVersion.
    const current = await core.readNamespacedConfigMap({ name: 'put', namespace: 'writes' });
    expect((await core.replaceNamespacedConfigMap({ name: 'put', namespace: 'writes', body: current })).metadata?.resourceVersion).toBe(current.metadata?.resourceVersion);
  });

  it('applies merge, strategic merge and JSON patches', async () => {
    await core.createNamespacedSecret({ namespace: 'writes', body: { metadata: { name: 's', labels: { keep: 'yes', drop: 'yes' } }, stringData: undefined, data: { a: 'YQ==' } } });
    const merged = await core.patchNamespacedSecret({ name: 's', namespace: 'writes', body: { metadata: { labels: { drop: null, added: 'yes' } }, data: { b: 'Yg==' } } }, merge);
    expect(merged.metadata?.labels).toEqual({ keep: 'yes', added: 'yes' });
    expect(merged.data).toEqual({ a: 'YQ==', b: 'Yg==' });

    const json = await core.patchNamespacedSecret({ name: 's', namespace: 'writes', body: [{ op: 'test', path: '/data/a', value: 'YQ==' }, { op: 'remove', path: '/data/a' }, { op: 'add', path: '/metadata/annotations', value: { x: 'y' } }] }, jsonPatch);
    expect(json.data).toEqual({ b: 'Yg==' });
    expect(json.metadata?.annotations).toEqual({ x: 'y' });
    const failedTest = await failure(core.patchNamespacedSecret({ name: 's', namespace: 'writes', body: [{ op: 'test', path: '/data/b', value: 'nope' }] }, jsonPatch));
    expect(failedTest.code).toBe(422);

    // Strategic merge: containers and env merge by name, $patch: delete removes one.
    const pod = { metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'a:1', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }] }, { name: 'b', image: 'b:1' }] } };
    await core.createNamespacedPod({ namespace: 'writes', body: pod });
    const patched = await core.patchNamespacedPod({
      name: 'p', namespace: 'writes',
      body: { spec: { containers: [{ name: 'a', env: [{ name: 'Y', value: '3' }, { name: 'X', $patch: 'delete' }] }, { name: 'b', $patch: 'delete' }, { name: 'c', image: 'c:1' }] } },
    }, strategic);
    expect(patched.spec?.containers.map((c) => [c.name, c.image])).toEqual([['a', 'a:1'], ['c', 'c:1']]);
    expect(patched.spec?.containers[0]?.env).toEqual([{ name: 'Y', value: '3' }]);
    expect(patched.metadata?.generation).toBe(2);
    // A merge patch replaces lists whole.
    const replaced = await core.patchNamespacedPod({ name: 'p', namespace: 'writes', body: { spec: { containers: [{ name: 'z', image: 'z:1' }] } } }, merge);
    expect(replaced.spec?.containers.map((c) => c.name)).toEqual(['z']);
  });

  it('merges status conditions of built-in types by type under strategic merge', async () => {
    await core.createNamespacedPod({ namespace: 'writes', body: { metadata: { name: 'conds' }, spec: { containers: [{ name: 'a', image: 'a' }] } } });
    const status = (conditions: unknown[]) => ({ status: { conditions } });
    await core.patchNamespacedPodStatus({ name: 'conds', namespace: 'writes', body: status([{ type: 'Ready', status: 'False' }, { type: 'Initialized', status: 'True' }]) }, strategic);
    const after = await core.patchNamespacedPodStatus({ name: 'conds', namespace: 'writes', body: status([{ type: 'Ready', status: 'True' }]) }, strategic);
    expect(after.status?.conditions?.map((c) => [c.type, c.status])).toEqual([['Ready', 'True'], ['Initialized', 'True']]);
  });

  it('refuses strategic merge patches of custom resources with 415, as kube does', async () => {
    const err = await failure(custom.patchClusterCustomObject({ group: 'config.openshift.io', version: 'v1', plural: 'clusteroperators', name: 'insights', body: { metadata: { labels: { a: 'b' } } } }, strategic));
    expect(err.code).toBe(415);
    expect(err.body).toMatchObject({ reason: 'UnsupportedMediaType', message: 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json' });
  });

  it('keeps .status and .spec apart on resources with a status subresource', async () => {
    const path = { group: 'config.openshift.io', version: 'v1', plural: 'clusteroperators', name: 'insights' };
    const co = await custom.getClusterCustomObject(path) as Record<string, any>;
    const generation = co['metadata'].generation as number | undefined;
    // PUT on the main resource ignores status changes...
    const put = await custom.replaceClusterCustomObject({ ...path, body: { ...co, spec: { touched: true }, status: { conditions: [] } } }) as Record<string, any>;
    expect(put['status']).toEqual(co['status']);
    expect(put['spec']).toEqual({ touched: true });
    expect(put['metadata'].generation).toBe((generation ?? 0) + (generation === undefined ? 0 : 1));
    // ...and /status changes nothing else, nor the generation.
    const conditions = [{ type: 'Available', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z', reason: 'AsExpected', message: 'ok' }];
    const st = await custom.replaceClusterCustomObjectStatus({ ...path, body: { ...put, spec: { ignored: true }, status: { conditions } } }) as Record<string, any>;
    expect(st['status']).toEqual({ conditions });
    expect(st['spec']).toEqual({ touched: true });
    expect(st['metadata'].generation).toBe(put['metadata'].generation);
    const viaPatch = await custom.patchClusterCustomObjectStatus({ ...path, body: { status: { extension: { x: 1 } }, spec: { ignored: true } } }, merge) as Record<string, any>;
    expect(viaPatch['status']).toEqual({ conditions, extension: { x: 1 } });
    expect(viaPatch['spec']).toEqual({ touched: true });
    // Custom resources refuse unconditional updates.
    const { resourceVersion: _rv, ...meta } = viaPatch['metadata'] as Record<string, unknown>;
    const unconditional = await failure(custom.replaceClusterCustomObject({ ...path, body: { ...viaPatch, metadata: meta } }));
    expect(unconditional.code).toBe(422);
    expect(unconditional.body['message']).toBe('ClusterOperator.config.openshift.io "insights" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update');
    // ConfigMaps have no status subresource.
    expect((await rawRequest(sim, '/api/v1/namespaces/writes/configmaps/one/status')).status).toBe(404);
  });
});

describe('delete', () => {
  it('deletes built-in objects with a Success Status and custom resources with the object; 404 after', async () => {
    const cm = await core.createNamespacedConfigMap({ namespace: 'writes', body: { metadata: { name: 'doomed' } } });
    const status = await core.deleteNamespacedConfigMap({ name: 'doomed', namespace: 'writes' }) as Record<string, any>;
    expect(status).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'doomed', kind: 'configmaps', uid: cm.metadata?.uid } });
    expect((await failure(core.deleteNamespacedConfigMap({ name: 'doomed', namespace: 'writes' }))).code).toBe(404);

    await custom.createClusterCustomObject({ group: 'config.openshift.io', version: 'v1', plural: 'clusteroperators', body: { apiVersion: 'config.openshift.io/v1', kind: 'ClusterOperator', metadata: { name: 'doomed-co' } } });
    const deleted = await custom.deleteClusterCustomObject({ group: 'config.openshift.io', version: 'v1', plural: 'clusteroperators', name: 'doomed-co' }) as Record<string, any>;
    expect(deleted['kind']).toBe('ClusterOperator');
    expect(deleted['metadata'].name).toBe('doomed-co');
  });

  it('keeps an object with finalizers until the last one is removed', async () => {
    await core.createNamespacedConfigMap({ namespace: 'writes', body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } } });
    // The reply is the object marked for deletion (the generated client reads it as a Status).
    const marked = await send('DELETE', '/api/v1/namespaces/writes/configmaps/held', '');
    expect(marked.status).toBe(200);
    expect(marked.json['metadata'].deletionTimestamp).toMatch(/Z$/);
    expect((await core.readNamespacedConfigMap({ name: 'held', namespace: 'writes' })).metadata?.deletionTimestamp).toBeInstanceOf(Date);
    await core.patchNamespacedConfigMap({ name: 'held', namespace: 'writes', body: { metadata: { finalizers: null } } }, merge);
    expect((await failure(core.readNamespacedConfigMap({ name: 'held', namespace: 'writes' }))).code).toBe(404);
  });

  it('checks delete preconditions and deletes collections by selector', async () => {
    const cm = await core.createNamespacedConfigMap({ namespace: 'writes', body: { metadata: { name: 'pre' } } });
    const wrong = await failure(core.deleteNamespacedConfigMap({ name: 'pre', namespace: 'writes', body: { preconditions: { resourceVersion: '1' } } }));
    expect(wrong.code).toBe(409);
    expect(wrong.body['message']).toBe(`Operation cannot be fulfilled on configmaps "pre": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${cm.metadata?.resourceVersion}`);
    for (const n of ['c1', 'c2', 'c3']) await core.createNamespacedConfigMap({ namespace: 'writes', body: { metadata: { name: n, labels: { batch: n === 'c3' ? 'other' : 'one' } } } });
    await core.deleteCollectionNamespacedConfigMap({ namespace: 'writes', labelSelector: 'batch=one' });
    expect((await core.listNamespacedConfigMap({ namespace: 'writes', labelSelector: 'batch' })).items.map((c) => c.metadata?.name)).toEqual(['c3']);
  });

  it('terminates a deleted namespace, then empties and removes it', async () => {
    await core.createNamespace({ body: { metadata: { name: 'short-lived' } } });
    const ns = await core.readNamespace({ name: 'short-lived' });
    expect(ns.status?.phase).toBe('Active');
    expect(ns.metadata?.labels).toEqual({ 'kubernetes.io/metadata.name': 'short-lived' });
    await core.createNamespacedConfigMap({ namespace: 'short-lived', body: { metadata: { name: 'inside' } } });
    await core.deleteNamespace({ name: 'short-lived' });
    // Terminating: still there, its content still deletable, new content refused.
    expect((await core.readNamespace({ name: 'short-lived' })).status?.phase).toBe('Terminating');
    const refused = await failure(core.createNamespacedConfigMap({ namespace: 'short-lived', body: { metadata: { name: 'late' } } }));
    expect(refused.code).toBe(403);
    expect(refused.body['message']).toBe('configmaps "late" is forbidden: unable to create new content in namespace short-lived because it is being terminated');
    expect((await core.listNamespacedConfigMap({ namespace: 'short-lived' })).items.map((c) => c.metadata?.name)).toEqual(['inside']);
    const end = Date.now() + 10_000;
    while ((await core.listNamespace()).items.some((n) => n.metadata?.name === 'short-lived') && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect((await failure(core.readNamespace({ name: 'short-lived' }))).code).toBe(404);
    expect((await core.listNamespacedConfigMap({ namespace: 'short-lived' })).items).toEqual([]);
  });
});

describe('applying manifests', () => {
  it('creates every kind a deployment of the operator carries, through discovery', async () => {
    const manifests = loadAllYaml(`
apiVersion: v1
kind: Namespace
metadata: {name: openshift-insights-test}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: operator, namespace: openshift-insights-test}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "insights-operator-test"}
rules: [{apiGroups: [""], resources: [pods], verbs: [get, list, watch]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: operator, namespace: openshift-insights-test}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: insights-operator-test}
subjects: [{kind: ServiceAccount, name: operator, namespace: openshift-insights-test}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: insights-operator, namespace: openshift-insights-test}
spec:
  selector: {matchLabels: {app: insights-operator}}
  template:
    metadata: {labels: {app: insights-operator}}
    spec: {containers: [{name: operator, image: quay.io/openshift/insights-operator:latest}]}
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: insights-prometheus-rules, namespace: openshift-insights-test}
spec: {groups: [{name: insights, rules: [{alert: InsightsDisabled, expr: "vector(1)"}]}]}
---
apiVersion: config.openshift.io/v1
kind: ClusterOperator
metadata: {name: insights-test}
status: {conditions: [{type: Available, status: "True"}]}
---
apiVersion: operator.openshift.io/v1
kind: InsightsOperator
metadata: {name: cluster-test}
spec: {managementState: Managed}
`) as KubernetesObject[];
    const api = KubernetesObjectApi.makeApiClient(kc);
    for (const m of manifests) {
      const created = await api.create(m);
      expect(created.metadata?.uid, `${m.kind}`).toBeDefined();
      const read = await api.read({ apiVersion: m.apiVersion!, kind: m.kind!, metadata: { name: m.metadata!.name!, namespace: m.metadata?.namespace } });
      expect(read.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
    }
    // A ClusterOperator cannot set its status on create (status subresource), as on OpenShift.
    const co = await api.read({ apiVersion: 'config.openshift.io/v1', kind: 'ClusterOperator', metadata: { name: 'insights-test' } }) as Record<string, any>;
    expect(co['status']).toBeUndefined();
    expect(co['metadata'].generation).toBe(1);
    const deployment = await api.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'insights-operator', namespace: 'openshift-insights-test' } }) as Record<string, any>;
    expect(deployment['metadata'].generation).toBe(1);
  });
});
