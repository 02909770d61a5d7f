import { describe, expect, it } from 'vitest';
import { kubeletconfigs } from '../../../plugins/clusterconfig/kubeletconfigs.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { failingFor, readSample, sampleFiles, useSampleCluster } from './setup.ts';
import { requestsTo, withoutObjects } from './store-helpers.ts';

const API = 'machineconfiguration.openshift.io/v1';

describe('clusterconfig/kubeletconfigs', () => {
  const env = useSampleCluster();

  it('writes each KubeletConfig of the sample whole, managedFields included, as the original does', async () => {
    const expected = await sampleFiles('config/kubeletconfigs');
    expect(expected.length).toBeGreaterThan(0);
    const out = await gatherFunction(kubeletconfigs, { kube: env.kube });
    expect(out.records.map((r) => r.path).sort()).toEqual(expected);
    for (const path of expected) {
      const sample = await readSample(path);
      expect((sample.metadata as Record<string, unknown>).managedFields).toBeDefined();
      expect(JSON.parse(out.byPath.get(path)!.text)).toEqual(sample);
    }
    expect(out.errors).toEqual([]);
  });

  it('lists through the paged list API', async () => {
    const before = env.sim.requests.length;
    await gatherFunction(kubeletconfigs, { kube: env.kube });
    const lists = requestsTo(env.sim, before, `/apis/${API}/kubeletconfigs`);
    expect(lists).toHaveLength(1);
    expect(lists[0]!.query).toContain('limit=');
  });

  it('writes nothing and reports no error when there is no KubeletConfig', async () => {
    const out = await withoutObjects(env.sim, API, 'KubeletConfig', () => gatherFunction(kubeletconfigs, { kube: env.kube }));
    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([]);
  });

  it('fails when the list fails', async () => {
    await expect(gatherFunction(kubeletconfigs, { kube: failingFor(env.kube, 'KubeletConfig', 403) })).rejects.toMatchObject({ statusCode: 403 });
  });

  it('needs no permission beyond those it declares', async () => {
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, kubeletconfigs.permissions, 'test-kubeletconfigs');
    const out = await gatherFunction(kubeletconfigs, { kube });
    expect(out.records).toHaveLength(1);
    expect(out.errors).toEqual([]);
  });
});
