import { storageCluster } from '../../../plugins/clusterconfig/storage-cluster.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { describeListedKind } from './listed-kind-suite.ts';

describeListedKind({
  key: 'storage_cluster',
  fn: storageCluster,
  apiVersion: 'ocs.openshift.io/v1',
  kind: 'StorageCluster',
  listPath: '/apis/ocs.openshift.io/v1/storageclusters',
  sampleDir: 'config/storage/openshift-storage/storageclusters',
  more: (env) => describeOptionalKind(env, storageCluster, 'ocs.openshift.io', 'StorageCluster'),
});
