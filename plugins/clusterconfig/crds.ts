import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';

/** The CustomResourceDefinitions collected: the CSI snapshot API, whose installed versions matter for upgrades. */
const COLLECTED_CRDS = ['volumesnapshots.snapshot.storage.k8s.io', 'volumesnapshotcontents.snapshot.storage.k8s.io'] as const;

/** `clusterconfig/crds`: the VolumeSnapshot and VolumeSnapshotContent CustomResourceDefinitions. */
export const crds = defineGatheringFunction({
  description: 'The volumesnapshots and volumesnapshotcontents CustomResourceDefinitions of snapshot.storage.k8s.io.',
  paths: ['config/crd/{name}.json'],
  permissions: [{ group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', verbs: ['get'], resourceNames: [...COLLECTED_CRDS] }],
  async gather(ctx) {
    // Both are read before anything is recorded: the original records neither when a read fails.
    const records = [];
    for (const name of COLLECTED_CRDS) {
      const crd = await ctx.kube.get({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' }, name);
      // A missing definition is an ordinary state (no CSI snapshot support installed).
      if (crd === undefined) continue;
      records.push(record({ name: `config/crd/${crd.metadata?.name ?? name}`, item: resource(crd) }));
    }
    return records;
  },
});
