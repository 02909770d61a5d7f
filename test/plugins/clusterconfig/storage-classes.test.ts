// The shared suite (listed-kind-suite.ts) asserts the behaviour every function of this shape must have.
import { storageClasses } from '../../../plugins/clusterconfig/storage-classes.ts';
import { describeListedKind } from './listed-kind-suite.ts';

describeListedKind({
  key: 'storage_classes',
  fn: storageClasses,
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  listPath: '/apis/storage.k8s.io/v1/storageclasses',
  sampleDir: 'config/storage/storageclasses',
});
