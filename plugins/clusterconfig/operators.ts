import { defineGatheringFunction, json, record, resource } from 'insights-operator/plugin-api';
import type { GatherContext, GatherRecord, KubeObject } from 'insights-operator/plugin-api';
import { withMaskedIdentityProviders } from './identity-providers.ts';
import { readRelatedObject } from './related-objects.ts';
import type { ObjectReference } from './related-objects.ts';

interface ClusterOperator extends KubeObject {
  status?: { relatedObjects?: ObjectReference[] | null; [key: string]: unknown };
}

/**
 * `clusterconfig/operators`: every ClusterOperator, and the operator configuration resources
 * (`*operator.openshift.io` groups) they list as related objects, reduced to identity and spec.
 */
export const operators = defineGatheringFunction({
  description: 'Every ClusterOperator, plus the spec of each related resource from the operator.openshift.io groups (identity-provider hosts and client IDs masked).',
  paths: ['config/clusteroperator/{name}.json', 'config/clusteroperator/{group}/{kind}/{name}.json', 'config/clusteroperator/{group}/{kind}/{namespace}/{name}.json'],
  permissions: [
    { group: 'config.openshift.io', resource: 'clusteroperators', verbs: ['list'] },
    { group: 'operator.openshift.io', resource: '*', verbs: ['get'] },
    { group: 'samples.operator.openshift.io', resource: 'configs', verbs: ['get'] },
    { group: 'ingress.operator.openshift.io', resource: 'dnsrecords', verbs: ['get'] },
    { group: 'network.operator.openshift.io', resource: 'operatorpkis', verbs: ['get'] },
    { group: 'controlplane.operator.openshift.io', resource: 'podnetworkconnectivitychecks', verbs: ['get'] },
  ],
  async *gather(ctx) {
    for await (const co of ctx.kube.list<ClusterOperator>({ apiVersion: 'config.openshift.io/v1', kind: 'ClusterOperator' })) {
      const name = co.metadata?.name ?? '';
      yield record({ name: `config/clusteroperator/${name}`, item: resource(co) });
      yield* relatedRecords(ctx, name, co.status?.relatedObjects ?? []);
    }
  },
});

/** The records of a cluster operator's related operator resources, in the order the operator lists them. */
async function* relatedRecords(
  ctx: GatherContext<unknown>,
  operatorName: string,
  refs: readonly ObjectReference[],
): AsyncGenerator<GatherRecord> {
  for (const ref of refs) {
    const group = ref.group ?? '';
    // Image registry config and pruner have functions of their own (image_registries, image_pruners).
    if (!group.includes('operator.openshift.io') || group.includes('imageregistry')) continue;
    // The ingress operator leaves the name of its IngressController out; the one it manages is "default".
    const name = ref.name || (operatorName === 'ingress' ? 'default' : '');
    if (name === '' || !ref.resource) continue;
    const object = await readRelatedObject(ctx, { ...ref, group, resource: ref.resource, name });
    if (object === undefined) continue;
    const apiVersion = object.apiVersion ?? '';
    const objectGroup = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    const kind = object.kind ?? '';
    const namespace = object.metadata?.namespace;
    const path = [objectGroup, kind.toLowerCase(), ...(namespace ? [namespace] : []), object.metadata?.name ?? name].join('/');
    yield record({ name: `config/clusteroperator/${path}`, item: json(summary(object)) });
  }
}

/**
 * What is kept of a related resource: its identity and spec. The insights operator's own resource
 * also keeps its status, which holds the last gathers' outcome.
 */
function summary(object: KubeObject): Record<string, unknown> {
  const kept: Record<string, unknown> = {
    apiVersion: object.apiVersion ?? '',
    kind: object.kind ?? '',
    name: object.metadata?.name ?? '',
    spec: withMaskedIdentityProviders(object).spec ?? null,
  };
  if (object.kind === 'InsightsOperator' && object.status !== undefined && object.status !== null) kept.status = object.status;
  return kept;
}
