import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';

/**
 * `clusterconfig/storage_cluster`: every OpenShift Data Foundation StorageCluster. Records nothing when
 * ODF is not installed.
 */
export const storageCluster = defineGatheringFunction({
  description: 'Every StorageCluster (ocs.openshift.io), when OpenShift Data Foundation is installed.',
  paths: ['config/storage/{namespace}/storageclusters/{name}.json'],
  permissions: [{ group: 'ocs.openshift.io', resource: 'storageclusters', verbs: ['list'] }],
  async *gather(ctx) {
    for await (const cluster of ctx.kube.list({ apiVersion: 'ocs.openshift.io/v1', kind: 'StorageCluster' })) {
      const { namespace = '', name = '' } = cluster.metadata ?? {};
      yield record({ name: `config/storage/${namespace}/storageclusters/${name}`, item: resource(cluster) });
    }
  },
});
