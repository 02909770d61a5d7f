import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim } from './index.ts';
import type { KubeSim } from './index.ts';
import { grantRules, splitRules, unexercisedRules } from './rbac-fixtures.ts';
import { rawRequest, rejection } from './test-helpers.ts';

const GATHER = 'system:serviceaccount:openshift-insights:gather';

let sim: KubeSim;
const tmp = mkdtempSync(join(tmpdir(), 'kube-sim-rbac-'));

beforeAll(async () => {
  sim = await startKubeSim({ rbac: true, scale: 1 });
});
afterAll(async () => {
  await sim?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function clientAs(token: string, s: KubeSim = sim): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(s.kubeconfigYaml({ token }));
  return kc;
}

/** Each test gets its own account, so grants made by one test never explain another's outcome. */
function account(name: string, s: KubeSim = sim): { user: string; token: string; core: CoreV1Api } {
  const token = s.serviceAccountToken('openshift-insights', name);
  return { user: `system:serviceaccount:openshift-insights:${name}`, token, core: clientAs(token, s).makeApiClient(CoreV1Api) };
}

describe('RBAC off (the default)', () => {
  it('allows every authenticated identity, as the admin-only clusters the other tests use', async () => {
    const open = await startKubeSim({ scale: 1 });
    try {
      const { core } = account('anyone', open);
      expect((await core.listNode()).items).toHaveLength(6);
      expect((await rawRequest(open, '/api/v1/nodes', { token: 'unknown' })).status).toBe(401);
    } finally {
      await open.close();
    }
  });
});

describe('RBAC on', () => {
  it('lets the admin (system:masters) do anything without a binding', async () => {
    const core = clientAs(sim.token).makeApiClient(CoreV1Api);
    expect((await core.listNode()).items).toHaveLength(6);
    expect((await core.listPodForAllNamespaces({ limit: 1 })).items).toHaveLength(1);
  });

  it('refuses an unbound service account with the 403 Status kube words, at cluster scope, in a namespace, by name and for a subresource', async () => {
    const gatherToken = sim.serviceAccountToken('openshift-insights', 'gather');
    const core = clientAs(gatherToken).makeApiClient(CoreV1Api);

    const all = await rejection(core.listPodForAllNamespaces());
    expect(all.code).toBe(403);
    expect(all.body).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403,
      message: `pods is forbidden: User "${GATHER}" cannot list resource "pods" in API group "" at the cluster scope`,
      details: { kind: 'pods' },
    });

    const inNs = await rejection(core.listNamespacedPod({ namespace: 'openshift-insights' }));
    expect(inNs.body['message']).toBe(`pods is forbidden: User "${GATHER}" cannot list resource "pods" in API group "" in the namespace "openshift-insights"`);

    const named = await rejection(core.readNode({ name: 'n1' }));
    expect(named.body['message']).toBe(`nodes "n1" is forbidden: User "${GATHER}" cannot get resource "nodes" in API group "" at the cluster scope`);
    expect(named.body['details']).toEqual({ name: 'n1', kind: 'nodes' });

    // Authorization precedes routing, so the log subresource is refused whether or not it is served.
    const log = await rawRequest(sim, '/api/v1/namespaces/openshift-insights/pods/p1/log', { token: gatherToken });
    expect(log.status).toBe(403);
    expect(log.json()['message']).toBe(`pods "p1" is forbidden: User "${GATHER}" cannot get resource "pods/log" in API group "" in the namespace "openshift-insights"`);

    const co = await rejection(clientAs(gatherToken).makeApiClient(CustomObjectsApi).listClusterCustomObject({ group: 'config.openshift.io', version: 'v1', plural: 'clusteroperators' }));
    expect(co.body['message']).toBe(`clusteroperators.config.openshift.io is forbidden: User "${GATHER}" cannot list resource "clusteroperators" in API group "config.openshift.io" at the cluster scope`);
    expect(co.body['details']).toEqual({ group: 'config.openshift.io', kind: 'clusteroperators' });

    const watch = await rawRequest(sim, '/api/v1/nodes?watch=true', { token: gatherToken });
    expect(watch.json()['message']).toContain('cannot watch resource "nodes"');
    const metrics = await rawRequest(sim, '/metrics', { token: gatherToken });
    expect(metrics.status).toBe(403);
    expect(metrics.json()).toMatchObject({ reason: 'Forbidden', message: `forbidden: User "${GATHER}" cannot get path "/metrics"`, details: {} });
  });

  it('lets every authenticated user read discovery, /version and /healthz (bootstrap roles)', async () => {
    const { token } = account('discoverer');
    for (const path of ['/version', '/api', '/apis', '/api/v1', '/apis/config.openshift.io/v1', '/healthz']) {
      expect((await rawRequest(sim, path, { token })).status, path).toBe(200);
    }
  });

  it('allows what a ClusterRoleBinding grants, everywhere, and nothing else', async () => {
    const { user, core } = account('lister');
    expect((await rejection(core.listNode())).code).toBe(403);
    grantRules(sim.store, user, [{ apiGroups: [''], resources: ['nodes', 'pods'], verbs: ['get', 'list'] }]);
    expect((await core.listNode()).items).toHaveLength(6);
    const podNamespace = sim.store.list('v1', 'Pod')[0]!.metadata.namespace!;
    expect((await core.listNamespacedPod({ namespace: podNamespace })).items.length).toBeGreaterThan(0);
    expect((await rejection(core.listNamespace())).code).toBe(403);
    expect((await rejection(core.listConfigMapForAllNamespaces())).code).toBe(403);
  });

  it('grants a RoleBinding to a ClusterRole only in the binding\'s namespace', async () => {
    const { user, core } = account('ns-reader');
    sim.store.add({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'configmap-reader' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['list'] }] });
    sim.store.add({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'read-cms', namespace: 'openshift-insights' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'configmap-reader' },
      // No namespace on the subject: it defaults to the binding's.
      subjects: [{ kind: 'ServiceAccount', name: 'ns-reader' }],
    });
    await core.listNamespacedConfigMap({ namespace: 'openshift-insights' });
    const other = await rejection(core.listNamespacedConfigMap({ namespace: 'openshift-etcd' }));
    expect(other.body['message']).toBe(`configmaps is forbidden: User "${user}" cannot list resource "configmaps" in API group "" in the namespace "openshift-etcd"`);
    expect((await rejection(core.listConfigMapForAllNamespaces())).code).toBe(403);
  });

  it('evaluates aggregated ClusterRoles against the labels of the others, as they change', async () => {
    const { user, core } = account('aggregated');
    sim.store.add({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'agg-parent' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-parent': 'true' } }] },
      rules: [],
    });
    sim.store.add({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'agg-parent' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'agg-parent' },
      subjects: [{ kind: 'ServiceAccount', name: 'aggregated', namespace: 'openshift-insights' }],
    });
    expect((await rejection(core.listNode())).code).toBe(403);
    sim.store.add({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole',
      metadata: { name: 'agg-child', labels: { 'example.com/aggregate-to-parent': 'true' } },
      rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['list'] }],
    });
    expect((await core.listNode()).items).toHaveLength(6);
    sim.store.add({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'agg-child', labels: {} }, rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['list'] }] });
    expect((await rejection(core.listNode())).code).toBe(403);
  });

  it('honours resourceNames: the named object only, and no list', async () => {
    const { user, core } = account('one-node');
    const [first, second] = sim.store.list('v1', 'Node').map((n) => n.metadata.name);
    grantRules(sim.store, user, [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'], resourceNames: [first!] }]);
    expect((await core.readNode({ name: first! })).metadata?.name).toBe(first);
    expect((await rejection(core.readNode({ name: second! }))).code).toBe(403);
    expect((await rejection(core.listNode())).code).toBe(403);
    // kube authorizes a list narrowed to one name by fieldSelector as that name.
    expect((await core.listNode({ fieldSelector: `metadata.name=${first}` })).items.map((n) => n.metadata?.name)).toEqual([first]);
  });

  it('matches resource/subresource and */subresource rules, and wildcards', async () => {
    const { user, token } = account('subresources');
    grantRules(sim.store, user, [
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      { apiGroups: ['config.openshift.io'], resources: ['*/status'], verbs: ['get'] },
      { apiGroups: ['*'], resources: ['machinesets'], verbs: ['*'] },
    ]);
    const status = async (path: string): Promise<number> => (await rawRequest(sim, path, { token })).status;
    expect(await status('/api/v1/namespaces/openshift-insights/pods/p1/log')).not.toBe(403);
    expect(await status('/api/v1/namespaces/openshift-insights/pods/p1')).toBe(403);
    expect(await status('/apis/config.openshift.io/v1/clusteroperators/insights/status')).not.toBe(403);
    expect(await status('/apis/config.openshift.io/v1/clusteroperators/insights')).toBe(403);
    expect(await status('/apis/machine.openshift.io/v1beta1/machinesets')).toBe(200);
  });

  it('reports a binding to a missing role in the 403, as kube\'s RBAC authorizer does', async () => {
    const { user, core } = account('dangling');
    sim.store.add({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'dangling' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'does-not-exist' },
      subjects: [{ kind: 'User', name: user }],
    });
    expect((await rejection(core.listNode())).body['message']).toBe(
      `nodes is forbidden: User "${user}" cannot list resource "nodes" in API group "" at the cluster scope: RBAC: clusterrole.rbac.authorization.k8s.io "does-not-exist" not found`,
    );
  });

  it('binds Users and Groups of tokens added with addToken', async () => {
    sim.addToken('alice-token', { user: 'alice', groups: ['auditors'] });
    sim.addToken('bob-token', { user: 'bob' });
    grantRules(sim.store, { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'auditors' }, [{ apiGroups: [''], resources: ['namespaces'], verbs: ['list'] }]);
    expect((await clientAs('alice-token').makeApiClient(CoreV1Api).listNamespace()).items.length).toBeGreaterThan(0);
    const bob = await rejection(clientAs('bob-token').makeApiClient(CoreV1Api).listNamespace());
    expect(bob.body['message']).toBe('namespaces is forbidden: User "bob" cannot list resource "namespaces" in API group "" at the cluster scope');
  });
});

describe('audit', () => {
  it('records each decision, so a test can show a role is no broader than its callers need', async () => {
    const { user, core } = account('audited');
    const rules = [
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['pods', 'secrets'], verbs: ['list'] },
    ];
    grantRules(sim.store, user, rules);
    await core.listNode();
    await core.listPodForAllNamespaces({ limit: 1 });
    await rejection(core.listNamespace());
    const mine = sim.audit.filter((r) => r.user === user);
    expect(mine.map((r) => [r.info.verb, r.info.resource, r.allowed])).toEqual([['list', 'nodes', true], ['list', 'pods', true], ['list', 'namespaces', false]]);
    expect(mine[0]!.reason).toMatch(/^RBAC: allowed by ClusterRoleBinding "grant-serviceaccount-openshift-insights-audited-\d+" of ClusterRole/);
    expect(unexercisedRules(rules, sim.audit, user)).toEqual([]);
    expect(unexercisedRules(splitRules(rules), sim.audit, user)).toEqual([
      { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['list'] },
    ]);
  });
});

describe('RBAC from manifests', () => {
  it('loads roles, bindings and service accounts from every YAML file of a directory', async () => {
    const dir = join(tmp, 'manifests');
    mkdirSync(join(dir, 'nested'), { recursive: true });
    writeFileSync(join(dir, '01-sa.yaml'), [
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: openshift-insights',
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: gather\n  namespace: openshift-insights',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: insights-operator\n  namespace: openshift-insights',
    ].join('\n---\n'));
    writeFileSync(join(dir, 'nested', '02-rbac.yml'), `
apiVersion: v1
kind: List
items:
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: {name: insights-gather}
  rules:
  - apiGroups: [config.openshift.io]
    resources: [clusteroperators]
    verbs: [get, list]
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRoleBinding
  metadata: {name: insights-gather}
  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: insights-gather}
  subjects:
  - {kind: ServiceAccount, name: gather, namespace: openshift-insights}
`);
    writeFileSync(join(dir, 'README.md'), 'not yaml: [');
    const withManifests = await startKubeSim({ rbac: true, scale: 1, manifests: dir });
    try {
      expect(withManifests.store.get('v1', 'ServiceAccount', 'gather', 'openshift-insights')).toBeDefined();
      expect(withManifests.store.get('apps/v1', 'Deployment', 'insights-operator', 'openshift-insights')).toBeUndefined();
      const kc = clientAs(withManifests.serviceAccountToken('openshift-insights', 'gather'), withManifests);
      const cos = await kc.makeApiClient(CustomObjectsApi).listClusterCustomObject({ group: 'config.openshift.io', version: 'v1', plural: 'clusteroperators' }) as { items: unknown[] };
      expect(cos.items).toHaveLength(34);
      expect((await rejection(kc.makeApiClient(CoreV1Api).listNode())).code).toBe(403);
    } finally {
      await withManifests.close();
    }
  });

  it('fails on a missing manifests directory, and names the file of a broken manifest', async () => {
    await expect(startKubeSim({ rbac: true, manifests: join(tmp, 'missing') })).rejects.toThrow(/manifests directory not found/);
    const bad = join(tmp, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'rb.yaml'), 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: no-namespace}\nroleRef: {kind: Role, name: x}\n');
    await expect(startKubeSim({ rbac: true, manifests: bad })).rejects.toThrow(/^rb\.yaml: .*namespaced but has no metadata\.namespace/);
  });
});
