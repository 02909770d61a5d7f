import { describe, expect, it } from 'vitest';
import { overlappingNamespaceUids, parseUidRange, rangesOverlap } from '../../../plugins/clusterconfig/overlapping-namespace-uids.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { failingFor, readSample, useSampleCluster } from './setup.ts';

const PATH = 'config/namespaces_with_overlapping_uids.json';
const ANNOTATION = 'openshift.io/sa.scc.uid-range';

const namespace = (name: string, range?: string): KubeObject => ({
  apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(range === undefined ? {} : { annotations: { [ANNOTATION]: range } }) },
});

describe('clusterconfig/overlapping_namespace_uids', () => {
  // An empty cluster: every namespace of a test is its own (the sample's carry no UID ranges).
  const env = useSampleCluster({ rbac: true });

  it('reproduces the sample from namespaces with overlapping ranges', async () => {
    env.add(
      namespace('default', '1000000000/10000'),
      namespace('openshift', '1000660000/10000'),
      namespace('test-1', '1000660000/10000'),
      namespace('test-2', '1000665000/10000'),
      namespace('openshift-ingress-canary', '1000700000/10000'),
      namespace('test-3', '1000700000/10000'),
      namespace('test-4', '1000800000/10000'),
      namespace('test-5', '1000800000/10000'),
      namespace('test-6', '1000800000/10000'),
      namespace('unrelated', '1000900000/10000'),
    );
    const out = await gatherFunction(overlappingNamespaceUids, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
    expect(JSON.parse(out.byPath.get(PATH)!.text)).toEqual(await readSample(PATH));
    expect(out.errors).toEqual([]);
  });

  it('puts a namespace in several groups when its neighbours do not overlap each other', async () => {
    env.add(namespace('a', '100/10'), namespace('b', '105/10'), namespace('c', '112/10'));
    const out = await gatherFunction(overlappingNamespaceUids, { kube: env.kube });
    expect(out.byPath.get(PATH)!.text).toBe('[["a","b"],["b","c"]]');
  });

  it('writes an empty list when no ranges overlap; adjacent ranges do not', async () => {
    env.add(namespace('a', '100/10'), namespace('b', '110/10'));
    expect((await gatherFunction(overlappingNamespaceUids, { kube: env.kube })).byPath.get(PATH)!.text).toBe('[]');
  });

  it('reports each namespace whose range cannot be read, and groups the others', async () => {
    env.add(
      namespace('no-annotation'), namespace('no-slash', '1000'), namespace('words', 'a/b'),
      namespace('x', '100/10'), namespace('y', '100/10'),
    );
    const out = await gatherFunction(overlappingNamespaceUids, { kube: env.kube });
    expect(out.byPath.get(PATH)!.text).toBe('[["x","y"]]');
    expect(out.errors.sort()).toEqual(['no-annotation', 'no-slash', 'words'].map((n) => `can't read uid range of the ${n} namespace`));
  });

  it('reads the namespaces page by page', async () => {
    for (let i = 0; i < 520; i++) env.add(namespace(`ns-${String(i).padStart(3, '0')}`, `${1_000_000 + i * 10_000}/10000`));
    env.add(namespace('zz-overlap', '1000000/10000'));
    const before = env.sim.requests.length;
    const out = await gatherFunction(overlappingNamespaceUids, { kube: env.kube });
    expect(out.byPath.get(PATH)!.text).toBe('[["ns-000","zz-overlap"]]');
    const pages = env.sim.requests.slice(before).filter((r) => r.path === '/api/v1/namespaces');
    expect(pages.length).toBe(2);
    expect(pages[0]!.query).toContain('limit=500');
    expect(pages[1]!.query).toContain('continue=');
  });

  it('parses ranges as the original does', () => {
    expect(parseUidRange('1000660000/10000')).toEqual({ start: 1000660000n, length: 10000n });
    expect(parseUidRange('+5/-3')).toEqual({ start: 5n, length: -3n });
    expect(parseUidRange('1/2/3')).toEqual({ start: 1n, length: 2n });
    for (const bad of ['', '1000', '1.5/2', ' 1/2', '1/', '99999999999999999999/1']) expect(parseUidRange(bad)).toBeUndefined();
    expect(rangesOverlap({ start: 0n, length: 100n }, { start: 10n, length: 5n })).toBe(true);
    expect(rangesOverlap({ start: 0n, length: 10n }, { start: 10n, length: 10n })).toBe(false);
  });

  it('fails when the namespaces cannot be listed', async () => {
    await expect(gatherFunction(overlappingNamespaceUids, { kube: failingFor(env.kube, 'Namespace', 403) })).rejects.toMatchObject({ statusCode: 403 });
  });
  it('works with exactly the declared permissions', async () => {
    env.add(namespace('x', '100/10'), namespace('y', '100/10'));
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, overlappingNamespaceUids.permissions, 'test-overlapping-uids');
    const out = await gatherFunction(overlappingNamespaceUids, { kube });
    expect(out.errors).toEqual([]);
    expect(out.byPath.get(PATH)!.text).toBe('[["x","y"]]');
  });
});
