import { describe, expect, it } from 'vitest';
import { clusterroles } from '../../../plugins/clusterconfig/clusterroles.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { expectSameObject, failingFor, readSample, sampleFiles, useSampleCluster } from './setup.ts';
import { withoutObject } from './store-helpers.ts';

const DIR = 'cluster-scoped-resources/rbac.authorization.k8s.io/clusterroles';
const API = 'rbac.authorization.k8s.io/v1';

describe('clusterconfig/clusterroles', () => {
  const env = useSampleCluster();

  it('writes the admin and edit ClusterRoles of the sample at their sample paths, with the sample content', async () => {
    const expected = await sampleFiles(DIR);
    expect(expected).toEqual([`${DIR}/admin.json`, `${DIR}/edit.json`]);
    const out = await gatherFunction(clusterroles, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual(expected);
    for (const path of expected) expectSameObject(out.byPath.get(path)!.text, await readSample(path));
    expect(out.errors).toEqual([]);
  });

  it('reads only those two, by name', async () => {
    const before = env.sim.requests.length;
    await gatherFunction(clusterroles, { kube: env.kube });
    const paths = env.sim.requests.slice(before).map((r) => r.path).filter((p) => p.includes('/clusterroles'));
    expect(paths).toEqual([`/apis/${API}/clusterroles/admin`, `/apis/${API}/clusterroles/edit`]);
  });

  it('reports a missing role as an error, as the original does, and still records the other', async () => {
    await withoutObject(env.sim, { apiVersion: API, kind: 'ClusterRole', name: 'admin' }, async () => {
      const out = await gatherFunction(clusterroles, { kube: env.kube });
      expect(out.records.map((r) => r.path)).toEqual([`${DIR}/edit.json`]);
      expect(out.errors).toEqual(['clusterroles.rbac.authorization.k8s.io "admin" not found']);
    });
  });

  it('reports API failures per role', async () => {
    const out = await gatherFunction(clusterroles, { kube: failingFor(env.kube, 'ClusterRole', 403) });
    expect(out.records).toEqual([]);
    expect(out.errors).toHaveLength(2);
  });

  it('needs no permission beyond those it declares', async () => {
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, clusterroles.permissions, 'test-clusterroles');
    const out = await gatherFunction(clusterroles, { kube });
    expect(out.errors).toEqual([]);
    expect(out.records).toHaveLength(2);
  });
});
