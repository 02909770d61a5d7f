import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';
import { DATAHUB_LIST_PERMISSION, hasDataHub } from './sap-datahubs.ts';

/** The SecurityContextConstraints SAP Data Intelligence needs its service accounts admitted to. */
export const SAP_SCCS: readonly string[] = ['anyuid', 'privileged'];
/** The bindings that grant those SCCs; SDI's installer adds its service accounts to them. */
export const SAP_CLUSTER_ROLE_BINDINGS: readonly string[] = ['system:openshift:scc:anyuid', 'system:openshift:scc:privileged'];

/**
 * `clusterconfig/sap_config`: on clusters running SAP Data Intelligence (at least one DataHub), the
 * `anyuid` and `privileged` SecurityContextConstraints and the ClusterRoleBindings that grant them, the
 * configuration SDI's pods are admitted with. Elsewhere nothing is read beyond the DataHub list and
 * nothing is written. The bindings are read through `authorization.openshift.io`, as the original does,
 * and their names are written with `:` as `_`.
 */
export const sapConfig = defineGatheringFunction({
  description: 'On SAP Data Intelligence clusters, the anyuid and privileged SecurityContextConstraints and the ClusterRoleBindings granting them.',
  paths: ['config/securitycontextconstraint/{name}.json', 'config/clusterrolebinding/{name}.json'],
  permissions: [
    DATAHUB_LIST_PERMISSION,
    { group: 'security.openshift.io', resource: 'securitycontextconstraints', verbs: ['get'], resourceNames: SAP_SCCS },
    { group: 'authorization.openshift.io', resource: 'clusterrolebindings', verbs: ['get'], resourceNames: SAP_CLUSTER_ROLE_BINDINGS },
  ],
  async *gather(ctx) {
    if (!(await hasDataHub(ctx.kube))) return;
    // A missing SCC or binding (removed by an administrator) is skipped, as the original skips NotFound.
    for (const name of SAP_SCCS) {
      const scc = await ctx.kube.get({ apiVersion: 'security.openshift.io/v1', kind: 'SecurityContextConstraints' }, name);
      if (scc !== undefined) yield record({ name: `config/securitycontextconstraint/${name}`, item: resource(scc) });
    }
    for (const name of SAP_CLUSTER_ROLE_BINDINGS) {
      const binding = await ctx.kube.get({ apiVersion: 'authorization.openshift.io/v1', kind: 'ClusterRoleBinding' }, name);
      if (binding !== undefined) yield record({ name: `config/clusterrolebinding/${name.replaceAll(':', '_')}`, item: resource(binding) });
    }
  },
});
