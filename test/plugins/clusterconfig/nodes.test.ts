import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodes } from '../../../plugins/clusterconfig/nodes.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { describeDeclaredPermissions } from './declared-permissions-check.ts';
import { expectSameObject, failingFor, readSample, SAMPLE_FIXTURE, sampleFiles, useSampleCluster } from './setup.ts';

/** The sample's node files, plus the nodes the simulator makes for the sample's node journals (it has no file for them). */
async function sampleNodePaths(): Promise<string[]> {
  const journals = (await readdir(join(SAMPLE_FIXTURE, 'config/node/logs'))).map((f) => `config/node/${f.replace(/\.log$/, '')}.json`);
  return [...new Set([...(await sampleFiles('config/node')), ...journals])].sort();
}

describe('clusterconfig/nodes', () => {
  const env = useSampleCluster({ fixture: 'sample' });

  it('writes every node of the sample at its sample path, with the same content', async () => {
    const expected = await sampleFiles('config/node');
    expect(expected.length).toBeGreaterThan(0);
    const out = await gatherFunction(nodes, { kube: env.kube });
    expect(out.records.map((r) => r.path).sort()).toEqual(await sampleNodePaths());
    for (const path of expected) expectSameObject(out.byPath.get(path)!.text, await readSample(path));
    expect(out.errors).toEqual([]);
  });

  it('drops managedFields and the cached image list, and keeps the rest of the status', async () => {
    const original = env.sim.store.list('v1', 'Node')[0]!;
    const status = original.status as Record<string, unknown>;
    env.sim.store.add({
      ...original,
      metadata: { ...original.metadata, managedFields: [{ manager: 'kubelet' }] },
      status: { ...status, images: [{ names: ['quay.io/x@sha256:1'], sizeBytes: 1 }] },
    });
    try {
      const out = await gatherFunction(nodes, { kube: env.kube });
      const node = JSON.parse(out.byPath.get(`config/node/${original.metadata.name}.json`)!.text);
      expect(node.metadata.managedFields).toBeUndefined();
      expect(node.status.images).toBeUndefined();
      expect(node.status.nodeInfo).toEqual(status.nodeInfo);
    } finally {
      env.sim.store.add(original);
    }
  });

  it('masks customer and region labels, empties customer annotations and masks the host IDs', async () => {
    const canaries = {
      label: 'CANARY-label-value-7f3a', region: 'CANARY-region-eu-9b1c', annotation: 'CANARY-annotation-3d4e',
      bootID: 'CANARY-boot-5a6b', systemUUID: 'CANARY-uuid-8c9d', machineID: 'CANARY-machine-1e2f', legacyRegion: 'CANARY-legacy-4g5h',
    };
    env.sim.store.add({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: 'canary-node',
        labels: {
          'acme.example.com/team': canaries.label,
          'topology.kubernetes.io/region': canaries.region,
          'failure-domain.beta.kubernetes.io/region': canaries.legacyRegion,
          'topology.kubernetes.io/zone': 'zone-a',
          'node-role.kubernetes.io/worker': '',
          'node.openshift.io/os_id': 'rhcos',
        },
        annotations: { 'acme.example.com/owner': canaries.annotation, 'machine.openshift.io/machine': 'openshift-machine-api/m-1' },
      },
      status: { nodeInfo: { bootID: canaries.bootID, systemUUID: canaries.systemUUID, machineID: canaries.machineID, kubeletVersion: 'v1.29.0' } },
    });
    try {
      const out = await gatherFunction(nodes, { kube: env.kube });
      for (const r of out.records) for (const canary of Object.values(canaries)) expect(r.text).not.toContain(canary);
      const node = JSON.parse(out.byPath.get('config/node/canary-node.json')!.text);
      expect(node.metadata.labels).toEqual({
        'acme.example.com/team': 'x'.repeat(canaries.label.length),
        'topology.kubernetes.io/region': 'x'.repeat(canaries.region.length),
        'failure-domain.beta.kubernetes.io/region': 'x'.repeat(canaries.legacyRegion.length),
        'topology.kubernetes.io/zone': 'zone-a',
        'node-role.kubernetes.io/worker': '',
        'node.openshift.io/os_id': 'rhcos',
      });
      expect(node.metadata.annotations).toEqual({ 'acme.example.com/owner': '', 'machine.openshift.io/machine': 'openshift-machine-api/m-1' });
      expect(node.status.nodeInfo).toEqual({
        bootID: 'x'.repeat(canaries.bootID.length), systemUUID: 'x'.repeat(canaries.systemUUID.length),
        machineID: 'x'.repeat(canaries.machineID.length), kubeletVersion: 'v1.29.0',
      });
    } finally {
      env.sim.store.remove('v1', 'Node', 'canary-node');
    }
  });

  it('lists nodes through the paged list API', async () => {
    const before = env.sim.requests.length;
    await gatherFunction(nodes, { kube: env.kube });
    const lists = env.sim.requests.slice(before).filter((r) => r.path === '/api/v1/nodes');
    expect(lists).toHaveLength(1);
    expect(lists[0]!.query).toContain('limit=');
  });

  it('fails when nodes cannot be listed', async () => {
    await expect(gatherFunction(nodes, { kube: failingFor(env.kube, 'Node', 403) })).rejects.toMatchObject({ statusCode: 403 });
  });
});

describeDeclaredPermissions('nodes', nodes, sampleNodePaths);
