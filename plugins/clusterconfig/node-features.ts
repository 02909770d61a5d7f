import { defineGatheringFunction, record } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { goJson } from './go-json.ts';

/** The namespace the Node Feature Discovery operator runs in on OpenShift; only it is read. */
const NFD_NAMESPACE = 'openshift-nfd';

/**
 * The attribute feature sets kept: CPU topology and the DMI product/vendor. The others list kernel
 * configuration, loaded modules, PCI/USB devices and OS release details of each node.
 */
const ALLOWED_ATTRIBUTES = ['cpu.topology', 'system.dmiid'] as const;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `clusterconfig/node_features`: for every NodeFeature in `openshift-nfd`, its spec reduced to the
 * attribute feature sets {@link ALLOWED_ATTRIBUTES}, rendered as the original renders the NFD
 * `NodeFeatureSpec` struct (`flags`, `instances` and `labels` always `null`). Records nothing when NFD
 * is not installed.
 */
export const nodeFeatures = defineGatheringFunction({
  description: 'The CPU topology and DMI product attributes of every NodeFeature (nfd.k8s-sigs.io) in openshift-nfd, when Node Feature Discovery is installed.',
  paths: [`namespaces/${NFD_NAMESPACE}/customresources/{name}.json`],
  // Cluster-wide, as the original's ClusterRole grants it: a Role would have to live in openshift-nfd,
  // which does not exist (and so could not hold the Role) on clusters without NFD.
  permissions: [{ group: 'nfd.k8s-sigs.io', resource: 'nodefeatures', verbs: ['list'] }],
  async *gather(ctx) {
    const type = { apiVersion: 'nfd.k8s-sigs.io/v1alpha1', kind: 'NodeFeature' };
    for await (const feature of ctx.kube.list(type, { namespace: NFD_NAMESPACE })) {
      const name = feature.metadata?.name ?? '';
      const attributes = allowedAttributes(feature);
      if (typeof attributes === 'string') {
        // The original skips an object its typed NFD struct cannot hold, and only logs it.
        ctx.warn(`nodefeature ${NFD_NAMESPACE}/${name} skipped: ${attributes}`);
        continue;
      }
      const spec = { features: { flags: null, attributes, instances: null }, labels: null };
      yield record({ name: `namespaces/${NFD_NAMESPACE}/customresources/${name}`, item: goJson(spec) });
    }
  },
});

/**
 * The allowed attribute sets as Go maps (`elements` is `null` when absent), or why one of them does
 * not have the `{elements: {string: string}}` shape NFD defines.
 */
function allowedAttributes(feature: KubeObject): Map<string, { elements: Map<string, string> | null }> | string {
  const spec = feature.spec;
  const features = isObject(spec) ? spec.features : undefined;
  const attributes = isObject(features) ? features.attributes : undefined;
  const kept = new Map<string, { elements: Map<string, string> | null }>();
  if (attributes === undefined || attributes === null) return kept;
  if (!isObject(attributes)) return 'spec.features.attributes is not an object';
  for (const key of ALLOWED_ATTRIBUTES) {
    const set = attributes[key];
    if (set === undefined) continue;
    if (set !== null && !isObject(set)) return `spec.features.attributes["${key}"] is not an object`;
    const elements = set === null ? null : set.elements;
    if (elements === undefined || elements === null) {
      kept.set(key, { elements: null });
      continue;
    }
    if (!isObject(elements) || !Object.values(elements).every((v) => typeof v === 'string')) {
      return `spec.features.attributes["${key}"].elements is not a map of strings`;
    }
    // A Map, so that goJson orders the keys as Go orders a map's keys.
    kept.set(key, { elements: new Map(Object.entries(elements as Record<string, string>)) });
  }
  return kept;
}
