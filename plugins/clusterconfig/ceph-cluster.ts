import { defineGatheringFunction, json, record } from 'insights-operator/plugin-api';

/**
 * `clusterconfig/ceph_cluster`: the `status` of every Rook CephCluster (OpenShift Data Foundation). Only
 * the status is kept, as the original does: the spec names hosts, devices and network settings that
 * say nothing about the cluster's health. Records nothing when Rook is not installed.
 */
export const cephCluster = defineGatheringFunction({
  description: 'The status of every CephCluster (ceph.rook.io), when OpenShift Data Foundation is installed.',
  paths: ['config/storage/{namespace}/cephclusters/{name}.json'],
  permissions: [{ group: 'ceph.rook.io', resource: 'cephclusters', verbs: ['list'] }],
  async *gather(ctx) {
    for await (const cluster of ctx.kube.list({ apiVersion: 'ceph.rook.io/v1', kind: 'CephCluster' })) {
      const { namespace = '', name = '' } = cluster.metadata ?? {};
      // A cluster the operator has not reconciled yet has no status; the original writes `null` for it.
      yield record({ name: `config/storage/${namespace}/cephclusters/${name}`, item: json(cluster.status ?? null) });
    }
  },
});
