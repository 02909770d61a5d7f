import { describe, expect, it } from 'vitest';
import { crds } from '../../../plugins/clusterconfig/crds.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { expectSameObject, failingFor, readSample, sampleFiles, useSampleCluster } from './setup.ts';
import { withoutObject } from './store-helpers.ts';

const API = 'apiextensions.k8s.io/v1';
const SNAPSHOTS = 'volumesnapshots.snapshot.storage.k8s.io';

describe('clusterconfig/crds', () => {
  const env = useSampleCluster();

  it('writes the two volume snapshot CRDs of the sample at their sample paths, with the sample content', async () => {
    const expected = await sampleFiles('config/crd');
    expect(expected).toHaveLength(2);
    const out = await gatherFunction(crds, { kube: env.kube });
    expect(out.records.map((r) => r.path).sort()).toEqual(expected);
    for (const path of expected) expectSameObject(out.byPath.get(path)!.text, await readSample(path));
    expect(out.errors).toEqual([]);
  });

  it('reads only those two, by name', async () => {
    const before = env.sim.requests.length;
    await gatherFunction(crds, { kube: env.kube });
    const paths = env.sim.requests.slice(before).map((r) => r.path).filter((p) => p.includes('customresourcedefinitions'));
    expect(paths.sort()).toEqual([`/apis/${API}/customresourcedefinitions/${SNAPSHOTS}`, `/apis/${API}/customresourcedefinitions/volumesnapshotcontents.snapshot.storage.k8s.io`].sort());
  });

  it('skips a missing CRD without error', async () => {
    await withoutObject(env.sim, { apiVersion: API, kind: 'CustomResourceDefinition', name: SNAPSHOTS }, async () => {
      const out = await gatherFunction(crds, { kube: env.kube });
      expect(out.records.map((r) => r.path)).toEqual(['config/crd/volumesnapshotcontents.snapshot.storage.k8s.io.json']);
      expect(out.errors).toEqual([]);
    });
  });

  it('fails on API errors other than not-found', async () => {
    await expect(gatherFunction(crds, { kube: failingFor(env.kube, 'CustomResourceDefinition', 500) })).rejects.toMatchObject({ statusCode: 500 });
  });

  it('needs no permission beyond those it declares', async () => {
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, crds.permissions, 'test-crds');
    const out = await gatherFunction(crds, { kube });
    expect(out.records).toHaveLength(2);
  });
});
