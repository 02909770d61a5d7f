import { describe, expect, it } from 'vitest';
import { REVISIONED_PAGE_SIZE, revisionedObjects } from '../../../plugins/clusterconfig/revisioned-objects.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { failingFor, readSample, useSampleCluster } from './setup.ts';

const NS = 'openshift-kube-apiserver';
const PATH = 'config/versioned_object_revision_counts.json';
const KEY_MARKER = 'c2VjcmV0LWtleS1tYXJrZXI='; // base64 of "secret-key-marker"

type Counts = Record<string, { configmaps: Record<string, number>; secrets: Record<string, number> }>;

function object(kind: 'ConfigMap' | 'Secret', name: string, owner: string | undefined, namespace = NS): KubeObject {
  return {
    apiVersion: 'v1', kind,
    metadata: { name, namespace, ...(owner === undefined ? {} : { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner, uid: 'u' }] }) },
    ...(kind === 'Secret' ? { type: 'Opaque', data: { 'tls.key': KEY_MARKER } } : { data: { 'config.yaml': 'x' } }),
  };
}

describe('clusterconfig/revisioned_objects', () => {
  const env = useSampleCluster();

  it('reproduces the sample from thousands of revisions, reading small pages', async () => {
    const sample = await readSample<Counts>(PATH);
    for (const [kind, counts] of [['ConfigMap', sample[NS]!.configmaps], ['Secret', sample[NS]!.secrets]] as const) {
      for (const [base, n] of Object.entries(counts)) {
        for (let revision = 1; revision <= n; revision++) env.add(object(kind, `${base}-${revision}`, `revision-status-${revision}`));
      }
    }
    // Not revisioned: no owner, or another owner; and the same names in another namespace.
    env.add(object('ConfigMap', 'config', undefined), object('Secret', 'etcd-client-9999', 'installer-9999'), object('ConfigMap', 'config-3', 'revision-status-3', 'openshift-etcd'));
    const before = env.sim.requests.length;
    const out = await gatherFunction(revisionedObjects, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
    const text = out.byPath.get(PATH)!.text;
    expect(JSON.parse(text)).toEqual(sample);
    // Same order as Go's sorted map keys.
    expect(text).toBe(JSON.stringify(sample));
    expect(text).not.toContain(KEY_MARKER);
    expect(out.errors).toEqual([]);
    const secretPages = env.sim.requests.slice(before).filter((r) => r.path === `/api/v1/namespaces/${NS}/secrets`);
    expect(secretPages.length).toBeGreaterThan(20);
    expect(secretPages.every((r) => r.query.includes(`limit=${REVISIONED_PAGE_SIZE}`))).toBe(true);
    expect(secretPages.slice(1).every((r) => r.query.includes('continue='))).toBe(true);
    expect(env.sim.requests.slice(before).some((r) => r.path.includes('openshift-etcd'))).toBe(false);
  });

  it('strips only a trailing number', async () => {
    env.add(
      object('ConfigMap', 'kube-apiserver-pod-12', 'revision-status-12'),
      object('ConfigMap', 'v4-0-config', 'revision-status-1'),
      object('ConfigMap', '42', 'revision-status-1'),
      object('Secret', 'encryption-config-x', 'revision-status-1'),
    );
    const text = (await gatherFunction(revisionedObjects, { kube: env.kube })).byPath.get(PATH)!.text;
    expect(text).toBe(`{"${NS}":{"configmaps":{"42":1,"kube-apiserver-pod":1,"v4-0-config":1},"secrets":{"encryption-config-x":1}}}`);
  });

  it('writes an empty object when there are no revisioned objects', async () => {
    const out = await gatherFunction(revisionedObjects, { kube: env.kube });
    expect(out.byPath.get(PATH)!.text).toBe('{}');
  });

  it('reports a kind it cannot list and still counts the other', async () => {
    env.add(object('ConfigMap', 'config-1', 'revision-status-1'), object('Secret', 'etcd-client-1', 'revision-status-1'));
    const out = await gatherFunction(revisionedObjects, { kube: failingFor(env.kube, 'Secret', 403) });
    expect(out.byPath.get(PATH)!.text).toBe(`{"${NS}":{"configmaps":{"config":1},"secrets":{}}}`);
    expect(out.errors).toEqual([expect.stringContaining(`Secrets in namespace ${NS}`)]);
  });
  it('works with exactly the declared permissions', async () => {
    env.add(object('ConfigMap', 'config-1', 'revision-status-1'), object('Secret', 'etcd-client-1', 'revision-status-1'));
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, revisionedObjects.permissions, 'test-revisioned-objects');
    const out = await gatherFunction(revisionedObjects, { kube });
    expect(out.errors).toEqual([]);
    expect(out.byPath.get(PATH)!.text).toBe(`{"${NS}":{"configmaps":{"config":1},"secrets":{"etcd-client":1}}}`);
  });
});
