import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';

/** `clusterconfig/storage_classes`: every StorageClass. */
export const storageClasses = defineGatheringFunction({
  description: 'Every StorageClass.',
  paths: ['config/storage/storageclasses/{name}.json'],
  permissions: [{ group: 'storage.k8s.io', resource: 'storageclasses', verbs: ['list'] }],
  async *gather(ctx) {
    for await (const storageClass of ctx.kube.list({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass' })) {
      yield record({ name: `config/storage/storageclasses/${storageClass.metadata?.name ?? ''}`, item: resource(storageClass) });
    }
  },
});
