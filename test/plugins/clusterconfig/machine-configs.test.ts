import { describe, expect, it } from 'vitest';
import { machineConfigs } from '../../../plugins/clusterconfig/machine-configs.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { expectSameObject, failingFor, readSample, sampleFiles, useSampleCluster } from './setup.ts';
import type { SimEnv } from './setup.ts';
import { requestsTo, withObjects, withoutObjects } from './store-helpers.ts';

const API = 'machineconfiguration.openshift.io/v1';
const SIZE = 'insights.operator.openshift.io/cr-size';
const COUNT_PATH = 'aggregated/unused_machine_configs_count.json';
/** In use in the sample: the pools' rendered-worker and the master node's rendered-master. */
const IN_USE = ['rendered-master-025110333ea44423ccb1052723956671', 'rendered-worker-39c9df4a2c026c3149a02abe6f88cfc8'];

const mc = (name: string, spec: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: API, kind: 'MachineConfig',
  metadata: { name, uid: '00000000-0000-0000-0000-000000000001', resourceVersion: '5000000', creationTimestamp: '2024-01-01T00:00:00Z', ...extra },
  ...(spec === undefined ? {} : { spec }),
});

/** Leaves the set of configs in use empty, so that every config is recorded. */
const noPools = <T>(env: SimEnv, body: () => Promise<T>) =>
  withoutObjects(env.sim, API, 'MachineConfigPool', () => withoutObjects(env.sim, 'v1', 'Node', body));

describe('clusterconfig/machine_configs', () => {
  const env = useSampleCluster();

  it('writes the configs the sample pools and nodes use, as the sample has them, and counts the others', async () => {
    const all = await sampleFiles('config/machineconfigs');
    const out = await gatherFunction(machineConfigs, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual([...IN_USE.map((n) => `config/machineconfigs/${n}.json`), COUNT_PATH]);
    for (const name of IN_USE) {
      const path = `config/machineconfigs/${name}.json`;
      const sample = await readSample<any>(path);
      const recorded = JSON.parse(out.byPath.get(path)!.text);
      // The size is of the object as served, which is the sample (already stripped), not the original's.
      expect(Number(recorded.metadata.annotations[SIZE])).toBeGreaterThan(0);
      sample.metadata.annotations[SIZE] = recorded.metadata.annotations[SIZE];
      expectSameObject(out.byPath.get(path)!.text, sample);
    }
    expect(JSON.parse(out.byPath.get(COUNT_PATH)!.text)).toEqual({ unused_machineconfigs_count: all.length - IN_USE.length });
    expect(out.errors).toEqual([]);
  });

  it('annotates the size in bytes of the config as served, before anything is removed', async () => {
    const config = mc('size-probe', { config: { ignition: { version: '3.2.0' }, storage: { files: [{ path: '/etc/canary', contents: { source: 'data:,abc' } }] } } });
    const out = await noPools(env, () => withObjects(env.sim, [config], async () => {
      const served = await env.kube.get({ apiVersion: API, kind: 'MachineConfig' }, 'size-probe');
      return { out: await gatherFunction(machineConfigs, { kube: env.kube }), served: served! };
    }));
    const recorded = JSON.parse(out.out.byPath.get('config/machineconfigs/size-probe.json')!.text);
    expect(recorded.metadata.annotations[SIZE]).toBe(String(Buffer.byteLength(JSON.stringify(out.served))));
  });

  it('counts <, >, & and U+2028 as Go escapes them (6 bytes each)', async () => {
    const withEscapes = mc('escape-a', { config: { ignition: { version: 'a<b>c&d\u2028' } } });
    const plain = mc('escape-b', { config: { ignition: { version: 'aXbXcXdX' } } });
    const out = await noPools(env, () => withObjects(env.sim, [withEscapes, plain], () => gatherFunction(machineConfigs, { kube: env.kube })));
    const size = (name: string) => Number(JSON.parse(out.byPath.get(`config/machineconfigs/${name}.json`)!.text).metadata.annotations[SIZE]);
    // 'a<b>c&d\u2028' is 7 characters plus 3 escaped ones (+5 each) and U+2028 (6 bytes, not 3).
    expect(size('escape-a') - size('escape-b')).toBe(3 * 5 + (6 - 1));
  });

  it('sets storage.files and passwd.users to null and keeps the other ignition sections', async () => {
    const config = mc('canary-secrets', {
      config: {
        ignition: { version: '3.2.0' },
        storage: { files: [{ path: '/etc/pki/canary.key', contents: { source: 'data:,canary-private-key' } }], disks: [{ device: '/dev/sdb' }] },
        passwd: { users: [{ name: 'core', sshAuthorizedKeys: ['ssh-ed25519 AAAAcanarysshkey'] }] },
        systemd: { units: [{ name: 'canary-visible.service', enabled: true }] },
      },
      kernelArguments: ['nosmt'],
    });
    const out = await noPools(env, () => withObjects(env.sim, [config], () => gatherFunction(machineConfigs, { kube: env.kube })));
    const recorded = JSON.parse(out.byPath.get('config/machineconfigs/canary-secrets.json')!.text);
    expect(recorded.spec).toEqual({
      config: {
        ignition: { version: '3.2.0' },
        storage: { files: null, disks: [{ device: '/dev/sdb' }] },
        passwd: { users: null },
        systemd: { units: [{ name: 'canary-visible.service', enabled: true }] },
      },
      kernelArguments: ['nosmt'],
    });
    for (const r of out.records) for (const canary of ['canary-private-key', 'canarysshkey', '/etc/pki/canary.key']) expect(r.text).not.toContain(canary);
  });

  it('creates the nulled sections when the config has none, as the original does', async () => {
    const out = await noPools(env, () => withObjects(env.sim, [mc('empty-spec', undefined)], () => gatherFunction(machineConfigs, { kube: env.kube })));
    expect(JSON.parse(out.byPath.get('config/machineconfigs/empty-spec.json')!.text).spec).toEqual({ config: { storage: { files: null }, passwd: { users: null } } });
    expect(out.errors).toEqual([]);
  });

  it('reports a config whose sections cannot be cleared, records it, and leaves the count out', async () => {
    const out = await noPools(env, () => withObjects(env.sim, [mc('odd-config', { config: 'not-an-object' })], () => gatherFunction(machineConfigs, { kube: env.kube })));
    expect(out.byPath.has('config/machineconfigs/odd-config.json')).toBe(true);
    expect(out.byPath.has(COUNT_PATH)).toBe(false);
    expect(out.errors).toHaveLength(2);
    expect(out.errors[0]).toContain('.spec.config is not a map');
  });

  it('counts a config named by a node annotation as in use', async () => {
    const node = { ...env.sim.store.list('v1', 'Node')[0]! };
    node.metadata = { ...node.metadata, annotations: { ...(node.metadata.annotations as Record<string, string>), 'machineconfiguration.openshift.io/desiredConfig': 'rendered-worker-next' } };
    const configs = [mc('rendered-worker-next', { config: {} }), mc('99-unreferenced', { config: {} })];
    const out = await withObjects(env.sim, [node, ...configs], () => gatherFunction(machineConfigs, { kube: env.kube }));
    expect(out.byPath.has('config/machineconfigs/rendered-worker-next.json')).toBe(true);
    expect(out.byPath.has('config/machineconfigs/99-unreferenced.json')).toBe(false);
    const all = await sampleFiles('config/machineconfigs');
    expect(JSON.parse(out.byPath.get(COUNT_PATH)!.text)).toEqual({ unused_machineconfigs_count: all.length - IN_USE.length + 1 });
  });

  it('records every config, with a zero count, and reports the error when the configs in use cannot be read', async () => {
    const all = await sampleFiles('config/machineconfigs');
    for (const kind of ['MachineConfigPool', 'Node']) {
      const out = await gatherFunction(machineConfigs, { kube: failingFor(env.kube, kind, 403) });
      expect(out.records.map((r) => r.path).sort()).toEqual([COUNT_PATH, ...all].sort());
      expect(JSON.parse(out.byPath.get(COUNT_PATH)!.text)).toEqual({ unused_machineconfigs_count: 0 });
      expect(out.errors).toHaveLength(1);
    }
  });

  it('writes only a zero count when there is no MachineConfig', async () => {
    const out = await withoutObjects(env.sim, API, 'MachineConfig', () => gatherFunction(machineConfigs, { kube: env.kube }));
    expect(out.records.map((r) => r.path)).toEqual([COUNT_PATH]);
    expect(JSON.parse(out.records[0]!.text)).toEqual({ unused_machineconfigs_count: 0 });
    expect(out.errors).toEqual([]);
  });

  it('fails when the configs cannot be listed', async () => {
    await expect(gatherFunction(machineConfigs, { kube: failingFor(env.kube, 'MachineConfig', 403) })).rejects.toMatchObject({ statusCode: 403 });
  });

  it('reads pools, nodes and configs through the paged list API', async () => {
    const before = env.sim.requests.length;
    await gatherFunction(machineConfigs, { kube: env.kube });
    for (const path of [`/apis/${API}/machineconfigpools`, '/api/v1/nodes', `/apis/${API}/machineconfigs`]) {
      const lists = requestsTo(env.sim, before, path);
      expect(lists).toHaveLength(1);
      expect(lists[0]!.query).toContain('limit=');
    }
  });

  it('needs no permission beyond those it declares', async () => {
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, machineConfigs.permissions, 'test-machine-configs');
    const out = await gatherFunction(machineConfigs, { kube });
    expect(out.errors).toEqual([]);
    expect(out.records).toHaveLength(IN_USE.length + 1);
  });
});
