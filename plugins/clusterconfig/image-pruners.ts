import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';

/** `clusterconfig/image_pruners`: the image registry's ImagePruner `cluster`, which schedules the pruning of unused images. */
export const imagePruners = defineGatheringFunction({
  description: 'The ImagePruner "cluster" of the image registry operator.',
  paths: ['config/clusteroperator/imageregistry.operator.openshift.io/imagepruner/cluster.json'],
  permissions: [{ group: 'imageregistry.operator.openshift.io', resource: 'imagepruners', verbs: ['get'], resourceNames: ['cluster'] }],
  async *gather(ctx) {
    const pruner = await ctx.kube.get({ apiVersion: 'imageregistry.operator.openshift.io/v1', kind: 'ImagePruner' }, 'cluster');
    // No pruner: the image registry operator is not installed (or has not created it yet).
    if (pruner === undefined) return;
    // The path follows the original's <group>/<lower-case kind>/<name> layout of operator resources.
    yield record({ name: `config/clusteroperator/imageregistry.operator.openshift.io/imagepruner/${pruner.metadata?.name ?? 'cluster'}`, item: resource(pruner) });
  },
});
