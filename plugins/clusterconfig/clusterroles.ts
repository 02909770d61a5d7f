import { defineGatheringFunction, KubeApiError, record, resource } from 'insights-operator/plugin-api';

/** The aggregated ClusterRoles collected: what namespace administrators and editors may do. */
const COLLECTED_CLUSTER_ROLES = ['admin', 'edit'] as const;

/** `clusterconfig/clusterroles`: the `admin` and `edit` ClusterRoles. */
export const clusterroles = defineGatheringFunction({
  description: 'The "admin" and "edit" ClusterRoles.',
  paths: ['cluster-scoped-resources/rbac.authorization.k8s.io/clusterroles/{name}.json'],
  permissions: [{ group: 'rbac.authorization.k8s.io', resource: 'clusterroles', verbs: ['get'], resourceNames: [...COLLECTED_CLUSTER_ROLES] }],
  async *gather(ctx) {
    for (const name of COLLECTED_CLUSTER_ROLES) {
      try {
        const role = await ctx.kube.get({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' }, name);
        // Both are bootstrap roles of every cluster: the original reports a missing one as an error.
        if (role === undefined) {
          ctx.reportError(`clusterroles.rbac.authorization.k8s.io "${name}" not found`);
          continue;
        }
        yield record({ name: `cluster-scoped-resources/rbac.authorization.k8s.io/clusterroles/${role.metadata?.name ?? name}`, item: resource(role) });
      } catch (error) {
        // One role failing does not stop the other from being collected.
        if (!(error instanceof KubeApiError)) throw error;
        ctx.reportError(error);
      }
    }
  },
});
