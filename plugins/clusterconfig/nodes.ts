import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';

/** `clusterconfig/nodes`: every Node of the cluster, one file per node. */
export const nodes = defineGatheringFunction({
  description: 'Every Node, without its cached image list.',
  paths: ['config/node/{name}.json'],
  permissions: [{ resource: 'nodes', verbs: ['list'] }],
  async *gather(ctx) {
    for await (const node of ctx.kube.list({ apiVersion: 'v1', kind: 'Node' })) {
      // Non-product labels/annotations and boot/system/machine IDs: masked by the core anonymizer (later issue).
      yield record({ name: `config/node/${node.metadata?.name ?? ''}`, item: resource(withoutImages(node)) });
    }
  },
});

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
