import { describe, expect, it } from 'vitest';
import { numberOfPodsAndNetnamespacesWithSdnAnnotations as fn } from '../../../plugins/clusterconfig/number-of-pods-and-netnamespaces-with-sdn-annotations.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { failingFor, readSample, useSampleCluster } from './setup.ts';

const PATH = 'aggregated/pods_and_netnamespaces_with_sdn_annotations.json';
const MACVLAN = 'pod.network.openshift.io/assign-macvlan';
const MULTICAST = 'netnamespace.network.openshift.io/multicast-enabled';

const pod = (namespace: string, name: string, annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, annotations }, spec: { containers: [{ name: 'c', image: 'i' }] }, status: { phase: 'Running' },
});
const netNamespace = (name: string, annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'network.openshift.io/v1', kind: 'NetNamespace', metadata: { name, annotations }, netname: name, netid: 1,
});

describe('clusterconfig/number_of_pods_and_netnamespaces_with_sdn_annotations', () => {
  const env = useSampleCluster();
  /** The tests after the first build their own SDN objects: take away the ones rebuilt from the sample. */
  const removeSampleSdnObjects = (): void => {
    for (const p of env.sim.store.list('v1', 'Pod').filter((o) => (o.metadata.annotations as Record<string, string> | undefined)?.[MACVLAN] !== undefined)) {
      env.sim.store.remove('v1', 'Pod', p.metadata.name, p.metadata.namespace);
    }
    for (const n of env.sim.store.list('network.openshift.io/v1', 'NetNamespace')) env.sim.store.remove('network.openshift.io/v1', 'NetNamespace', n.metadata.name);
  };

  it('reproduces the sample from the objects the simulator rebuilt from it', async () => {
    const out = await gatherFunction(fn, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
    expect(out.byPath.get(PATH)!.text).toBe(JSON.stringify(await readSample(PATH)));
    expect(out.errors).toEqual([]);
  });

  it('counts annotated pods whatever the value, and NetNamespaces only with multicast "true"', async () => {
    removeSampleSdnObjects();
    env.add(
      pod('app-1', 'a', { [MACVLAN]: 'true' }), pod('app-1', 'b', { [MACVLAN]: '' }), pod('app-2', 'c', { [MACVLAN]: 'false' }),
      pod('app-2', 'd', { other: 'x' }),
      netNamespace('app-1', { [MULTICAST]: 'true' }), netNamespace('app-2', { [MULTICAST]: 'false' }), netNamespace('app-3'),
    );
    const out = await gatherFunction(fn, { kube: env.kube });
    expect(JSON.parse(out.byPath.get(PATH)!.text)).toEqual({ 'pods_with_assign-macvlan_annotation': 3, 'netnamespaces_with_multicast-enabled_annotation': 1 });
    expect(out.errors).toEqual([]);
  });

  it('writes nothing when neither is used', async () => {
    removeSampleSdnObjects();
    env.add(netNamespace('app-2', { [MULTICAST]: 'false' }));
    const out = await gatherFunction(fn, { kube: env.kube });
    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([]);
  });

  it('reads every pod page by page', async () => {
    removeSampleSdnObjects();
    for (let i = 0; i < 510; i++) env.add(pod('big', `p-${String(i).padStart(3, '0')}`, i % 100 === 0 ? { [MACVLAN]: 'x' } : {}));
    const before = env.sim.requests.length;
    const text = (await gatherFunction(fn, { kube: env.kube })).byPath.get(PATH)!.text;
    expect(JSON.parse(text)).toEqual({ 'pods_with_assign-macvlan_annotation': 6, 'netnamespaces_with_multicast-enabled_annotation': 0 });
    const pages = env.sim.requests.slice(before).filter((r) => r.path === '/api/v1/pods');
    expect(pages.length).toBe(2);
    expect(pages[0]!.query).toContain('limit=500');
    expect(pages[1]!.query).toContain('continue=');
  });

  it('reports a list it cannot read and still writes the other count', async () => {
    env.add(pod('app-1', 'a', { [MACVLAN]: 'true' }), netNamespace('app-1', { [MULTICAST]: 'true' }));
    const noPods = await gatherFunction(fn, { kube: failingFor(env.kube, 'Pod', 403) });
    expect(noPods.byPath.get(PATH)!.text).toBe('{"pods_with_assign-macvlan_annotation":0,"netnamespaces_with_multicast-enabled_annotation":1}');
    expect(noPods.errors).toEqual([expect.stringContaining('injected')]);
    const noNetNamespaces = await gatherFunction(fn, { kube: failingFor(env.kube, 'NetNamespace', 500) });
    expect(noNetNamespaces.byPath.get(PATH)!.text).toBe('{"pods_with_assign-macvlan_annotation":1,"netnamespaces_with_multicast-enabled_annotation":0}');
    expect(noNetNamespaces.errors).toHaveLength(1);
  });
  it('works with exactly the declared permissions', async () => {
    env.add(pod('app-1', 'a', { [MACVLAN]: 'true' }), netNamespace('app-1', { [MULTICAST]: 'true' }));
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, fn.permissions, 'test-sdn-annotations');
    const out = await gatherFunction(fn, { kube });
    expect(out.errors).toEqual([]);
    expect(out.byPath.get(PATH)!.text).toBe(JSON.stringify(await readSample(PATH)).replace(':3,', ':1,'));
  });
});
