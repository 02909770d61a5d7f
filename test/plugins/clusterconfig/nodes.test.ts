import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodes } from '../../../plugins/clusterconfig/nodes.ts';
import type { KubeClient } from '../../../plugin-api/kube.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeSim } from '../../sim/kube/index.ts';
import { expectSameObject, failingFor, readSample, sampleFiles, startSim } from './setup.ts';

describe('clusterconfig/nodes', () => {
  let sim: KubeSim;
  let kube: KubeClient;
  beforeAll(async () => {
    ({ sim, kube } = await startSim({ fixture: 'sample' }));
  });
  afterAll(async () => {
    await sim.close();
  });

  it('writes every node of the sample at its sample path, with the same content', async () => {
    const expected = await sampleFiles('config/node');
    expect(expected.length).toBeGreaterThan(0);
    const out = await gatherFunction(nodes, { kube });
    expect(out.records.map((r) => r.path).sort()).toEqual(expected);
    for (const path of expected) expectSameObject(out.byPath.get(path)!.text, await readSample(path));
    expect(out.errors).toEqual([]);
  });

  it('drops managedFields and the cached image list, and keeps the rest of the status', async () => {
    const original = sim.store.list('v1', 'Node')[0]!;
    const status = original.status as Record<string, unknown>;
    sim.store.add({
      ...original,
      metadata: { ...original.metadata, managedFields: [{ manager: 'kubelet' }] },
      status: { ...status, images: [{ names: ['quay.io/x@sha256:1'], sizeBytes: 1 }] },
    });
    try {
      const out = await gatherFunction(nodes, { kube });
      const node = JSON.parse(out.byPath.get(`config/node/${original.metadata.name}.json`)!.text);
      expect(node.metadata.managedFields).toBeUndefined();
      expect(node.status.images).toBeUndefined();
      expect(node.status.nodeInfo).toEqual(status.nodeInfo);
    } finally {
      sim.store.add(original);
    }
  });

  it('lists nodes through the paged list API', async () => {
    const before = sim.requests.length;
    await gatherFunction(nodes, { kube });
    const lists = sim.requests.slice(before).filter((r) => r.path === '/api/v1/nodes');
    expect(lists).toHaveLength(1);
    expect(lists[0]!.query).toContain('limit=');
  });

  it('fails when nodes cannot be listed', async () => {
    await expect(gatherFunction(nodes, { kube: failingFor(kube, 'Node', 403) })).rejects.toMatchObject({ statusCode: 403 });
  });
});
