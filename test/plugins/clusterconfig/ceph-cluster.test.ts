import { expect, it } from 'vitest';
import { cephCluster } from '../../../plugins/clusterconfig/ceph-cluster.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { describeListedKind } from './listed-kind-suite.ts';
import { withObjects } from './store-helpers.ts';

const CANARY = 'canary-ceph-host-7f3a';

describeListedKind({
  key: 'ceph_cluster',
  fn: cephCluster,
  apiVersion: 'ceph.rook.io/v1',
  kind: 'CephCluster',
  listPath: '/apis/ceph.rook.io/v1/cephclusters',
  // The sample files hold each cluster's status alone, which is what is compared.
  sampleDir: 'config/storage/openshift-storage/cephclusters',
  more: (env) => {
    it('keeps the status only: nothing of the spec or metadata reaches the record', async () => {
      const cluster = {
        apiVersion: 'ceph.rook.io/v1', kind: 'CephCluster',
        metadata: { name: 'canary', namespace: 'openshift-storage', labels: { owner: CANARY } },
        spec: { mon: { count: 3 }, storage: { nodes: [{ name: CANARY, devices: [{ name: '/dev/sdb' }] }] } },
        status: { phase: 'Ready', ceph: { health: 'HEALTH_OK' } },
      };
      const out = await withObjects(env.sim, [cluster], () => gatherFunction(cephCluster, { kube: env.kube }));
      const text = out.byPath.get('config/storage/openshift-storage/cephclusters/canary.json')!.text;
      expect(JSON.parse(text)).toEqual({ phase: 'Ready', ceph: { health: 'HEALTH_OK' } });
      expect(text).not.toContain(CANARY);
    });

    it('writes null for a cluster without a status yet, as the original', async () => {
      const fresh = { apiVersion: 'ceph.rook.io/v1', kind: 'CephCluster', metadata: { name: 'fresh', namespace: 'rook-ceph' }, spec: { mon: { count: 3 } } };
      const out = await withObjects(env.sim, [fresh], () => gatherFunction(cephCluster, { kube: env.kube }));
      expect(out.byPath.get('config/storage/rook-ceph/cephclusters/fresh.json')!.text).toBe('null');
      expect(out.errors).toEqual([]);
    });

    describeOptionalKind(env, cephCluster, 'ceph.rook.io', 'CephCluster');
  },
});
