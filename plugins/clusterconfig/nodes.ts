import { defineGatheringFunction, maskString, record, resource, withMaskedFields } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';

/** Machine identifiers of the node's host: they identify the customer's hardware and say nothing of its health. */
const MASKED_NODE_INFO_FIELDS: ReadonlyArray<readonly string[]> = ['bootID', 'systemUUID', 'machineID'].map((f) => ['status', 'nodeInfo', f]);

/** Labels that name where the customer runs, even though they are product labels. */
const REGION_LABELS: ReadonlySet<string> = new Set(['failure-domain.beta.kubernetes.io/region', 'topology.kubernetes.io/region']);

/** `clusterconfig/nodes`: every Node of the cluster, one file per node, anonymized. */
export const nodes = defineGatheringFunction({
  description: 'Every Node, without its cached image list, with customer labels and annotations and the host IDs masked.',
  paths: ['config/node/{name}.json'],
  permissions: [{ resource: 'nodes', verbs: ['list'] }],
  async *gather(ctx) {
    for await (const node of ctx.kube.list({ apiVersion: 'v1', kind: 'Node' })) {
      yield record({ name: `config/node/${node.metadata?.name ?? ''}`, item: resource(anonymizeNode(node)) });
    }
  },
});

/**
 * Keys in the namespaces of the platform (`*.openshift.io/`, `*.k8s.io/`, `*.kubernetes.io/`), whose
 * values the product sets; anything else was put there by the customer.
 */
function isProductKey(key: string): boolean {
  return key.includes('openshift.io/') || key.includes('k8s.io/') || key.includes('kubernetes.io/');
}

/**
 * The node as the original records it: customer annotations keep their key with an empty value,
 * customer and region labels keep their key with the value masked, the host IDs are masked and the
 * image list is dropped.
 */
function anonymizeNode(node: KubeObject): KubeObject {
  const metadata = node.metadata ?? {};
  const anonymized: KubeObject = { ...node };
  if (metadata.annotations !== undefined || metadata.labels !== undefined) {
    anonymized.metadata = {
      ...metadata,
      ...(metadata.annotations ? { annotations: mapValues(metadata.annotations, (k, v) => (isProductKey(k) ? v : '')) } : {}),
      ...(metadata.labels ? { labels: mapValues(metadata.labels, (k, v) => (isProductKey(k) && !REGION_LABELS.has(k) ? v : maskString(v))) } : {}),
    };
  }
  return withMaskedFields(withoutImages(anonymized), MASKED_NODE_INFO_FIELDS);
}

function mapValues(values: Record<string, string>, map: (key: string, value: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? map(k, v) : v]));
}

/**
 * The node without `status.images`: the original drops that list, which is the bulk of a node object
 * (hundreds of image names and sizes) and says nothing about the node's health.
 */
function withoutImages(node: KubeObject): KubeObject {
  const status = node.status;
  if (typeof status !== 'object' || status === null || !('images' in status)) return node;
  const { images: _dropped, ...rest } = status as Record<string, unknown>;
  return { ...node, status: rest };
}
