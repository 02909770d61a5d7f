import { expect, it } from 'vitest';
import { PDB_LIMIT, pdbs } from '../../../plugins/clusterconfig/pdbs.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { describeListedKind } from './listed-kind-suite.ts';
import { withObjects } from './store-helpers.ts';

const pdb = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: name } } },
});

describeListedKind({
  key: 'pdbs',
  fn: pdbs,
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  listPath: '/apis/policy/v1/poddisruptionbudgets',
  sampleDir: 'config/pdbs',
  // The sample was written from policy/v1beta1 with its type; the list of the typed policy/v1 API has
  // no apiVersion/kind on its items, as the original's typed client gets them.
  expected: ({ apiVersion: _a, kind: _k, ...rest }) => rest,
  more: (env) => {
    it('keeps only the budgets of openshift-* namespaces', async () => {
      const objects = [pdb('default', 'user-app'), pdb('openshift', 'no-dash'), pdb('my-openshift-app', 'lookalike'), pdb('openshift-canary', 'platform')];
      const out = await withObjects(env.sim, objects, () => gatherFunction(pdbs, { kube: env.kube }));
      expect(out.records.map((r) => r.path).sort()).toEqual(['config/pdbs/openshift-canary/platform.json', 'config/pdbs/openshift-machine-config-operator/etcd-quorum-guard.json']);
    });

    it(`records at most ${PDB_LIMIT}, the first in list order`, async () => {
      expect(PDB_LIMIT).toBe(100);
      // Budgets of other namespaces, listed first, do not count towards the cap.
      const objects = [
        ...Array.from({ length: 30 }, (_, i) => pdb(`a-user-${i}`, 'pdb')),
        ...Array.from({ length: 120 }, (_, i) => pdb(`openshift-cap-${String(i).padStart(3, '0')}`, 'pdb')),
      ];
      const out = await withObjects(env.sim, objects, () => gatherFunction(pdbs, { kube: env.kube }));
      expect(out.records).toHaveLength(PDB_LIMIT);
      expect(out.records[0]!.path).toBe('config/pdbs/openshift-cap-000/pdb.json');
      expect(out.records.at(-1)!.path).toBe('config/pdbs/openshift-cap-099/pdb.json');
    });
  },
});
