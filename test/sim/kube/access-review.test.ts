import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiException, AuthorizationV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim } from './index.ts';
import type { KubeSim } from './index.ts';
import { grantImpersonation, grantRules } from './rbac-fixtures.ts';
import { rawRequest } from './test-helpers.ts';

const GATHER = 'system:serviceaccount:openshift-insights:gather';
const KUBECTL = '/usr/bin/kubectl';
const HAVE_KUBECTL = existsSync(KUBECTL);

/** Asynchronous: the simulator answers from this process, so a synchronous spawn would starve it. */
function kubectl(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(KUBECTL, args, { encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

let sim: KubeSim;
const tmp = mkdtempSync(join(tmpdir(), 'kube-sim-review-'));

beforeAll(async () => {
  sim = await startKubeSim({ rbac: true, scale: 1 });
  grantRules(sim.store, GATHER, [
    { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] },
    { apiGroups: ['config.openshift.io'], resources: ['clusteroperators'], verbs: ['get'], resourceNames: ['insights'] },
  ], { name: 'gather' });
});
afterAll(async () => {
  await sim?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function authz(options: { token?: string; impersonate?: string } = {}): AuthorizationV1Api {
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfigYaml(options));
  return kc.makeApiClient(AuthorizationV1Api);
}

describe('SelfSubjectAccessReview', () => {
  it('answers for the impersonated caller, as `kubectl auth can-i --as` asks', async () => {
    const api = authz({ impersonate: GATHER });
    const yes = await api.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { verb: 'list', resource: 'nodes' } } } });
    expect(yes.kind).toBe('SelfSubjectAccessReview');
    expect(yes.status).toEqual({ allowed: true, reason: `RBAC: allowed by ClusterRoleBinding "gather" of ClusterRole "gather" to ServiceAccount "gather/openshift-insights"` });
    const no = await api.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { verb: 'list', resource: 'pods', namespace: 'openshift-insights' } } } });
    expect(no.status?.allowed).toBe(false);
    expect(no.spec.resourceAttributes).toEqual({ verb: 'list', resource: 'pods', namespace: 'openshift-insights' });

    const named = async (name: string): Promise<boolean | undefined> => (await api.createSelfSubjectAccessReview({
      body: { spec: { resourceAttributes: { verb: 'get', group: 'config.openshift.io', resource: 'clusteroperators', name } } },
    })).status?.allowed;
    expect(await named('insights')).toBe(true);
    expect(await named('etcd')).toBe(false);

    const version = await api.createSelfSubjectAccessReview({ body: { spec: { nonResourceAttributes: { verb: 'get', path: '/version' } } } });
    expect(version.status?.allowed).toBe(true);
    const metrics = await api.createSelfSubjectAccessReview({ body: { spec: { nonResourceAttributes: { verb: 'get', path: '/metrics' } } } });
    expect(metrics.status?.allowed).toBe(false);
  });

  it('says yes to the admin for anything', async () => {
    const review = await authz().createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { verb: 'delete', resource: 'nodes' } } } });
    expect(review.status?.allowed).toBe(true);
  });

  it('rejects a review with neither or both kinds of attributes (422), and GETs (405)', async () => {
    const error = await authz().createSelfSubjectAccessReview({ body: { spec: {} } }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ApiException);
    expect((error as ApiException<unknown>).code).toBe(422);
    const get = await rawRequest(sim, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
    expect(get.status).toBe(405);
  });

  it('is listed in discovery as create-only', async () => {
    const doc = (await rawRequest(sim, '/apis/authorization.k8s.io/v1')).json<{ resources: Array<{ name: string; verbs: string[]; namespaced: boolean }> }>();
    expect(doc.resources.map((r) => [r.name, r.verbs, r.namespaced]).sort()).toEqual([
      ['localsubjectaccessreviews', ['create'], true],
      ['selfsubjectaccessreviews', ['create'], false],
      ['selfsubjectrulesreviews', ['create'], false],
      ['subjectaccessreviews', ['create'], false],
    ]);
  });
});

describe('SubjectAccessReview', () => {
  it('evaluates spec.user and spec.groups for a caller allowed to create reviews', async () => {
    const api = authz();
    const allowed = await api.createSubjectAccessReview({
      body: { spec: { user: GATHER, groups: ['system:serviceaccounts', 'system:authenticated'], resourceAttributes: { verb: 'list', resource: 'nodes' } } },
    });
    expect(allowed.status?.allowed).toBe(true);
    const denied = await api.createSubjectAccessReview({ body: { spec: { user: GATHER, resourceAttributes: { verb: 'list', resource: 'secrets' } } } });
    expect(denied.status?.allowed).toBe(false);
    const local = await api.createNamespacedLocalSubjectAccessReview({
      namespace: 'openshift-insights',
      body: { spec: { user: GATHER, resourceAttributes: { namespace: 'openshift-insights', verb: 'get', resource: 'nodes' } } },
    });
    expect(local.status?.allowed).toBe(true);
  });

  it('refuses the review to a caller without create on subjectaccessreviews', async () => {
    const token = sim.serviceAccountToken('openshift-insights', 'nosy');
    const error = await authz({ token }).createSubjectAccessReview({ body: { spec: { user: 'x', resourceAttributes: { verb: 'get', resource: 'nodes' } } } })
      .then(() => undefined, (e: unknown) => e as ApiException<string>);
    expect(error?.code).toBe(403);
    expect(JSON.parse(error!.body)['message']).toBe(
      'subjectaccessreviews.authorization.k8s.io is forbidden: User "system:serviceaccount:openshift-insights:nosy" cannot create resource "subjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope',
    );
  });
});

describe('SelfSubjectRulesReview', () => {
  it('lists the caller\'s rules in a namespace', async () => {
    const review = await authz({ impersonate: GATHER }).createSelfSubjectRulesReview({ body: { spec: { namespace: 'openshift-insights' } } });
    expect(review.status?.incomplete).toBe(false);
    expect(review.status?.resourceRules).toContainEqual({ verbs: ['get', 'list'], apiGroups: [''], resources: ['nodes'] });
    expect(review.status?.resourceRules).toContainEqual({ verbs: ['get'], apiGroups: ['config.openshift.io'], resources: ['clusteroperators'], resourceNames: ['insights'] });
    expect(review.status?.nonResourceRules).toContainEqual(expect.objectContaining({ nonResourceURLs: expect.arrayContaining(['/version']) }));
  });
});

describe('kubectl auth can-i', () => {
  // kubectl is not a dependency of the project; where it is missing this reports as skipped, not passed.
  it.skipIf(!HAVE_KUBECTL)(`prints yes/no and exits 0/1 (needs ${KUBECTL})`, async () => {
    const kubeconfig = join(tmp, 'kubeconfig');
    await sim.writeKubeconfig(kubeconfig);
    const canI = (...args: string[]) => kubectl(['--kubeconfig', kubeconfig, '--cache-dir', join(tmp, 'cache'), 'auth', 'can-i', ...args]);

    const yes = await canI('list', 'nodes', `--as=${GATHER}`);
    expect(yes.stdout.trim(), yes.stderr).toBe('yes');
    expect(yes.status).toBe(0);
    const no = await canI('list', 'secrets', '-n', 'openshift-insights', `--as=${GATHER}`);
    expect(no.stdout.trim(), no.stderr).toBe('no');
    expect(no.status).toBe(1);
    const named = await canI('get', 'clusteroperators.config.openshift.io/insights', `--as=${GATHER}`);
    expect(named.stdout.trim(), named.stderr).toBe('yes');
    const whoami = await kubectl(['--kubeconfig', kubeconfig, '--cache-dir', join(tmp, 'cache'), 'auth', 'whoami', `--as=${GATHER}`, '-o', 'jsonpath={.status.userInfo.username}']);
    expect(whoami.stdout, whoami.stderr).toBe(GATHER);

    // A caller without impersonate rights is refused before the review is evaluated.
    const token = sim.serviceAccountToken('openshift-insights', 'no-impersonate');
    const other = join(tmp, 'kubeconfig-other');
    await sim.writeKubeconfig(other, { token });
    const asOther = ['--kubeconfig', other, '--cache-dir', join(tmp, 'cache2'), 'auth', 'can-i', 'list', 'nodes', `--as=${GATHER}`];
    const refused = await kubectl(asOther);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('cannot impersonate resource "serviceaccounts" in API group "" in the namespace "openshift-insights"');
    grantImpersonation(sim.store, 'system:serviceaccount:openshift-insights:no-impersonate', GATHER);
    const permitted = await kubectl(asOther);
    expect(permitted.stdout.trim(), permitted.stderr).toBe('yes');
  });
});
