import { defineGatheringFunction, json, KubeApiError, record } from 'insights-operator/plugin-api';
import type { GatherContext, ResourceType } from 'insights-operator/plugin-api';

/** Pod annotation of OpenShift SDN's macvlan interfaces, counted whatever its value. */
export const ASSIGN_MACVLAN_ANNOTATION = 'pod.network.openshift.io/assign-macvlan';
/** NetNamespace annotation of OpenShift SDN's multicast, counted when `"true"`. */
export const MULTICAST_ENABLED_ANNOTATION = 'netnamespace.network.openshift.io/multicast-enabled';
/** Objects asked for per request (the original's page size). */
export const PAGE_SIZE = 500;

/**
 * `clusterconfig/number_of_pods_and_netnamespaces_with_sdn_annotations`: how much a cluster relies on
 * OpenShift SDN features (macvlan pods, multicast namespaces) that need attention when migrating to
 * OVN-Kubernetes. Only counts are kept while pods are read page by page.
 */
export const numberOfPodsAndNetnamespacesWithSdnAnnotations = defineGatheringFunction({
  description: 'Number of pods with the SDN assign-macvlan annotation and of NetNamespaces with multicast enabled.',
  paths: ['aggregated/pods_and_netnamespaces_with_sdn_annotations.json'],
  permissions: [
    { resource: 'pods', verbs: ['list'] },
    { group: 'network.openshift.io', resource: 'netnamespaces', verbs: ['list'] },
  ],
  async *gather(ctx) {
    const pods = await countAnnotated(ctx, { apiVersion: 'v1', kind: 'Pod' }, (annotations) => Object.hasOwn(annotations, ASSIGN_MACVLAN_ANNOTATION));
    // NetNamespaces exist only with OpenShift SDN; on OVN-Kubernetes the list yields nothing.
    const netnamespaces = await countAnnotated(
      ctx,
      { apiVersion: 'network.openshift.io/v1', kind: 'NetNamespace' },
      (annotations) => annotations[MULTICAST_ENABLED_ANNOTATION] === 'true',
    );
    if (pods === 0 && netnamespaces === 0) return;
    yield record({
      name: 'aggregated/pods_and_netnamespaces_with_sdn_annotations',
      item: json({ 'pods_with_assign-macvlan_annotation': pods, 'netnamespaces_with_multicast-enabled_annotation': netnamespaces }),
    });
  },
});

/** Objects of a type whose annotations match; a failed list is reported and counts as 0, as in the original. */
async function countAnnotated(ctx: GatherContext<unknown>, type: ResourceType, matches: (annotations: Record<string, string>) => boolean): Promise<number> {
  let count = 0;
  try {
    for await (const object of ctx.kube.list(type, { pageSize: PAGE_SIZE })) {
      if (matches(object.metadata?.annotations ?? {})) count++;
    }
  } catch (error) {
    if (!(error instanceof KubeApiError)) throw error;
    ctx.reportError(error);
    return 0;
  }
  return count;
}
