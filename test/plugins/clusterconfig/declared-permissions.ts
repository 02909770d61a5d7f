/** Runs functions as an identity that holds exactly the permissions they declare (the simulator's RBAC). */
import type { KubeClient, Permission } from '../../../plugin-api/kube.ts';
import type { KubeSim } from '../../sim/kube/index.ts';

const ACCOUNT_NAMESPACE = 'openshift-insights';

/**
 * A client for a new service account bound to the declared permissions: a ClusterRole for the
 * cluster-wide rules and a Role in each namespace a rule is restricted to. The simulator must run with
 * `rbac: true`; anything the function reads beyond its declaration is then refused with 403.
 * @param sim - the simulator
 * @param connect - `connect` from `startSim`
 * @param permissions - the function's `permissions`
 * @param account - service account name, unique per test
 */
export async function connectWithDeclaredPermissions(
  sim: KubeSim,
  connect: (token?: string) => Promise<KubeClient>,
  permissions: readonly Permission[],
  account: string,
): Promise<KubeClient> {
  const token = sim.serviceAccountToken(ACCOUNT_NAMESPACE, account);
  const subjects = [{ kind: 'ServiceAccount', name: account, namespace: ACCOUNT_NAMESPACE }];
  const rule = (p: Permission) => ({
    apiGroups: [p.group ?? ''], resources: [p.resource], verbs: [...p.verbs],
    ...(p.resourceNames === undefined ? {} : { resourceNames: [...p.resourceNames] }),
  });
  const clusterRules = permissions.filter((p) => p.namespace === undefined).map(rule);
  sim.store.add({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: account }, rules: clusterRules });
  sim.store.add({
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: account },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: account }, subjects,
  });
  for (const namespace of new Set(permissions.flatMap((p) => (p.namespace === undefined ? [] : [p.namespace])))) {
    const rules = permissions.filter((p) => p.namespace === namespace).map(rule);
    sim.store.add({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: account, namespace }, rules });
    sim.store.add({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: account, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: account }, subjects,
    });
  }
  return connect(token);
}
