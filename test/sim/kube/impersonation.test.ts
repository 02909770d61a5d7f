import { request } from 'node:https';
import { AuthenticationV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim } from './index.ts';
import type { KubeSim } from './index.ts';
import { grantImpersonation, grantRules } from './rbac-fixtures.ts';
import { rejection } from './test-helpers.ts';

const GATHER = 'system:serviceaccount:openshift-insights:gather';
const OPERATOR = 'system:serviceaccount:openshift-insights:operator';

let sim: KubeSim;
let operatorToken: string;

beforeAll(async () => {
  sim = await startKubeSim({ rbac: true, scale: 1 });
  operatorToken = sim.serviceAccountToken('openshift-insights', 'operator');
  grantImpersonation(sim.store, OPERATOR, GATHER);
  grantRules(sim.store, GATHER, [{ apiGroups: [''], resources: ['nodes'], verbs: ['list'] }]);
});
afterAll(() => sim?.close());

/** client-node turns the kubeconfig user's `as:` into an Impersonate-User header. */
function coreAs(token: string, impersonate?: string): CoreV1Api {
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfigYaml({ token, ...(impersonate === undefined ? {} : { impersonate }) }));
  return kc.makeApiClient(CoreV1Api);
}

/** A GET with arbitrary headers, for the impersonation headers client-node never sends (groups, uid, extra). */
function get(path: string, token: string, headers: Record<string, string | string[]>): Promise<{ status: number; body: Record<string, any> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${sim.url}${path}`, { ca: sim.caPem, headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...headers } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(body) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('impersonation', () => {
  it('evaluates a permitted impersonation as the service account: its grants work, the rest is refused naming it', async () => {
    const asGather = coreAs(operatorToken, GATHER);
    expect((await asGather.listNode()).items).toHaveLength(6);
    const refused = await rejection(asGather.listNamespace());
    expect(refused.code).toBe(403);
    expect(refused.body['message']).toBe(`namespaces is forbidden: User "${GATHER}" cannot list resource "namespaces" in API group "" at the cluster scope`);
    // The operator itself was not granted nodes: the request above ran as gather, not as the operator.
    expect((await rejection(coreAs(operatorToken).listNode())).code).toBe(403);
    expect(sim.audit.filter((r) => r.impersonatedBy === OPERATOR).map((r) => [r.user, r.info.resource, r.allowed]))
      .toEqual([[GATHER, 'nodes', true], [GATHER, 'namespaces', false]]);
  });

  it('refuses impersonation without the right, naming the caller and the service account', async () => {
    sim.addToken('alice-token', { user: 'alice' });
    const refused = await rejection(coreAs('alice-token', GATHER).listNode());
    expect(refused.code).toBe(403);
    expect(refused.body).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403,
      message: 'serviceaccounts "gather" is forbidden: User "alice" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "openshift-insights"',
      details: { name: 'gather', kind: 'serviceaccounts' },
    });
  });

  it('limits impersonation to the resourceNames granted', async () => {
    const refused = await rejection(coreAs(operatorToken, 'system:serviceaccount:openshift-insights:other').listNode());
    expect(refused.body['message']).toBe(`serviceaccounts "other" is forbidden: User "${OPERATOR}" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "openshift-insights"`);
    const user = await rejection(coreAs(operatorToken, 'kube:admin').listNode());
    expect(user.body['message']).toBe(`users "kube:admin" is forbidden: User "${OPERATOR}" cannot impersonate resource "users" in API group "" at the cluster scope`);
  });

  it('reports the impersonated user through SelfSubjectReview (`kubectl auth whoami`)', async () => {
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfigYaml({ token: operatorToken, impersonate: GATHER }));
    const review = await kc.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} });
    expect(review.status?.userInfo).toEqual({
      username: GATHER, groups: ['system:serviceaccounts', 'system:serviceaccounts:openshift-insights', 'system:authenticated'],
    });
  });

  it('gives an impersonated service account its groups when none are sent', async () => {
    // Granted to the namespace's service-account group only: reachable through the derived groups.
    grantRules(sim.store, { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:serviceaccounts:openshift-insights' }, [{ apiGroups: [''], resources: ['persistentvolumes'], verbs: ['list'] }]);
    await coreAs(operatorToken, GATHER).listPersistentVolume();
  });

  it('lets the admin impersonate anyone, and the request then runs with that user\'s rights', async () => {
    const asGather = coreAs(sim.token, GATHER);
    expect((await asGather.listNode()).items).toHaveLength(6);
    expect((await rejection(asGather.listNamespace())).body['message']).toContain(`User "${GATHER}" cannot list resource "namespaces"`);
    // A plain user impersonated with no groups is only system:authenticated: discovery yes, nodes no.
    expect((await get('/version', sim.token, { 'impersonate-user': 'carol' })).status).toBe(200);
    expect((await get('/api/v1/nodes', sim.token, { 'impersonate-user': 'carol' })).body['message']).toContain('User "carol" cannot list');
  });

  it('checks Impersonate-Group, -Uid and -Extra-* each, and takes the given groups as the whole set', async () => {
    sim.addToken('impersonator-token', { user: 'impersonator' });
    grantRules(sim.store, 'impersonator', [{ apiGroups: [''], resources: ['users'], verbs: ['impersonate'] }]);
    const asDave = { 'impersonate-user': 'dave' };
    expect((await get('/version', 'impersonator-token', asDave)).status).toBe(200);

    const group = await get('/version', 'impersonator-token', { ...asDave, 'impersonate-group': 'ops' });
    expect(group.body['message']).toBe('groups "ops" is forbidden: User "impersonator" cannot impersonate resource "groups" in API group "" at the cluster scope');
    const uid = await get('/version', 'impersonator-token', { ...asDave, 'impersonate-uid': 'u-1' });
    expect(uid.body['message']).toBe('uids.authentication.k8s.io "u-1" is forbidden: User "impersonator" cannot impersonate resource "uids" in API group "authentication.k8s.io" at the cluster scope');
    const extra = await get('/version', 'impersonator-token', { ...asDave, 'impersonate-extra-scopes': 'user:info' });
    expect(extra.body['message']).toBe('userextras.authentication.k8s.io "user:info" is forbidden: User "impersonator" cannot impersonate resource "userextras/scopes" in API group "authentication.k8s.io" at the cluster scope');

    grantRules(sim.store, 'impersonator', [{ apiGroups: [''], resources: ['groups'], verbs: ['impersonate'] }]);
    grantRules(sim.store, { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'ops' }, [{ apiGroups: [''], resources: ['nodes'], verbs: ['list'] }]);
    expect((await get('/api/v1/nodes', 'impersonator-token', { ...asDave, 'impersonate-group': 'ops' })).status).toBe(200);
    expect((await get('/api/v1/nodes', 'impersonator-token', asDave)).status).toBe(403);
  });

  it('rejects impersonating groups without a user with 400', async () => {
    const res = await get('/version', sim.token, { 'impersonate-group': 'system:masters' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
  });
});
