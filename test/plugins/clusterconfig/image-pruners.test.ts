import { describe, expect, it } from 'vitest';
import { imagePruners } from '../../../plugins/clusterconfig/image-pruners.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { expectSameObject, failingFor, readSample, useSampleCluster } from './setup.ts';
import { withoutObjects } from './store-helpers.ts';

const PATH = 'config/clusteroperator/imageregistry.operator.openshift.io/imagepruner/cluster.json';

describe('clusterconfig/image_pruners', () => {
  const env = useSampleCluster();

  it('writes the sample ImagePruner "cluster" at its sample path, with the sample content', async () => {
    const out = await gatherFunction(imagePruners, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
    expectSameObject(out.byPath.get(PATH)!.text, await readSample(PATH));
    expect(out.errors).toEqual([]);
  });

  it('writes nothing and reports no error when the pruner does not exist', async () => {
    const out = await withoutObjects(env.sim, 'imageregistry.operator.openshift.io/v1', 'ImagePruner', () => gatherFunction(imagePruners, { kube: env.kube }));
    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([]);
  });

  it('fails on API errors other than not-found', async () => {
    await expect(gatherFunction(imagePruners, { kube: failingFor(env.kube, 'ImagePruner', 403) })).rejects.toMatchObject({ statusCode: 403 });
  });

  it('needs no permission beyond those it declares', async () => {
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, imagePruners.permissions, 'test-image-pruners');
    const out = await gatherFunction(imagePruners, { kube });
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
  });
});
