import { storageCluster } from '../../../plugins/clusterconfig/storage-cluster.ts';
import { expect, it } from 'vitest';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { describeListedKind } from './listed-kind-suite.ts';

describeListedKind({
  key: 'storage_cluster',
  fn: storageCluster,
  apiVersion: 'ocs.openshift.io/v1',
  kind: 'StorageCluster',
  listPath: '/apis/ocs.openshift.io/v1/storageclusters',
  sampleDir: 'config/storage/openshift-storage/storageclusters',
  more: (env) => {
    describeOptionalKind(env, storageCluster, 'ocs.openshift.io', 'StorageCluster');

    it('writes each object at the path its own namespace and name give, with its whole content, and declares only the list it needs', async () => {
      env.add({ apiVersion: 'ocs.openshift.io/v1', kind: 'StorageCluster', metadata: { namespace: 'openshift-storage-canary', name: 'canary-policy' }, spec: { marker: 'canary-spec-7' } });
      const out = await gatherFunction(storageCluster, { kube: env.kube });
      const written = out.byPath.get('config/storage/openshift-storage-canary/storageclusters/canary-policy.json');
      expect(written, [...out.byPath.keys()].join('\n')).toBeDefined();
      expect(JSON.parse(written!.text)).toMatchObject({ kind: 'StorageCluster', spec: { marker: 'canary-spec-7' } });
      expect(storageCluster.permissions).toEqual([{ group: 'ocs.openshift.io', resource: 'storageclusters', verbs: ['list'] }]);
    });
  },
});
