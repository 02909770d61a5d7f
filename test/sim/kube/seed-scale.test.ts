import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectedCounts, generateScaleCluster, startKubeSim } from './index.ts';
import type { KubeObject } from './index.ts';
import { encodeContinue } from './list.ts';
import { rawRequest } from './test-helpers.ts';

type Json = Record<string, any>;

function digest(scale: number): { hash: string; objects: KubeObject[] } {
  const hash = createHash('sha256');
  const objects: KubeObject[] = [];
  for (const o of generateScaleCluster(scale)) {
    hash.update(JSON.stringify(o));
    objects.push(o);
  }
  return { hash: hash.digest('hex'), objects };
}

describe('scale generator', () => {
  const { hash, objects } = digest(2);
  const pods = objects.filter((o) => o.kind === 'Pod') as Json[];

  it('is deterministic: the same scale gives byte-identical objects', () => {
    expect(digest(2).hash).toBe(hash);
    expect(digest(1).hash).not.toBe(hash);
  });

  it('has the documented counts', () => {
    const counts: Record<string, number> = {};
    for (const o of objects) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
    expect(counts).toEqual(expectedCounts(2));
    expect(counts['Pod']).toBe(1000);
    expect(counts['Node']).toBe(12);
    expect(counts['ClusterOperator']).toBeGreaterThanOrEqual(30);
    const keys = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('builds a plausible ClusterVersion and cluster config', () => {
    const cv = objects.find((o) => o.kind === 'ClusterVersion') as Json;
    expect(cv['metadata'].name).toBe('version');
    expect(cv['spec'].clusterID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(cv['status'].desired.version).toBe('4.17.3');
    expect(cv['status'].history.length).toBeGreaterThan(1);
    for (const kind of ['Infrastructure', 'Network', 'Proxy', 'FeatureGate']) {
      expect(objects.find((o) => o.kind === kind)?.metadata.name, kind).toBe('cluster');
    }
    const degraded = objects.filter((o) => o.kind === 'ClusterOperator' && (o as Json)['status'].conditions.some((c: Json) => c['type'] === 'Degraded' && c['status'] === 'True'));
    expect(degraded).toHaveLength(1);
  });

  it('makes realistic pods: sizes, owners, phases, crash loops, a repeating image pool', () => {
    const sizes = pods.map((p) => JSON.stringify(p).length);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(mean).toBeGreaterThan(3000);
    expect(mean).toBeLessThan(5500);
    expect(pods.every((p) => p['metadata'].ownerReferences?.length === 1 && p['spec'].containers.length >= 1 && p['spec'].containers.length <= 3)).toBe(true);
    const phases = new Set(pods.map((p) => p['status'].phase));
    expect([...phases].sort()).toEqual(expect.arrayContaining(['Failed', 'Pending', 'Running']));
    expect(pods.filter((p) => p['status'].phase === 'Running').length / pods.length).toBeGreaterThan(0.8);
    const crashLooping = pods.filter((p) => p['status'].containerStatuses.some((c: Json) => c['state'].waiting?.reason === 'CrashLoopBackOff'));
    expect(crashLooping.length).toBeGreaterThan(0);
    expect(crashLooping.every((p) => p['metadata'].namespace.startsWith('openshift-'))).toBe(true);
    const statuses = pods.flatMap((p) => p['status'].containerStatuses as Json[]);
    const images = new Set(statuses.map((c) => c['image']));
    expect(images.size).toBeLessThanOrEqual(200);
    expect(images.size).toBeLessThan(statuses.length / 2);
    expect(statuses.filter((c) => c['imageID'] !== '').every((c) => /@sha256:[0-9a-f]{64}$/.test(c['imageID']))).toBe(true);
  });

  it('makes nodes with node info, images, conditions and addresses', () => {
    const nodes = objects.filter((o) => o.kind === 'Node') as Json[];
    for (const n of nodes) {
      expect(n['status'].nodeInfo).toMatchObject({ machineID: expect.stringMatching(/^[0-9a-f]{32}$/), systemUUID: expect.any(String), bootID: expect.any(String) });
      expect(n['status'].images.length).toBeGreaterThan(10);
      expect(n['status'].conditions.find((c: Json) => c['type'] === 'Ready')?.status).toBe('True');
      expect(n['status'].addresses[0].type).toBe('InternalIP');
    }
    expect(nodes.filter((n) => 'node-role.kubernetes.io/master' in n['metadata'].labels)).toHaveLength(3);
    const nodeNames = new Set(nodes.map((n) => n['metadata'].name));
    expect(pods.filter((p) => p['spec'].nodeName !== undefined).every((p) => nodeNames.has(p['spec'].nodeName))).toBe(true);
  });

  it('serves scale 100 (50,000 pods) with pages that cost O(page)', async () => {
    const started = performance.now();
    const sim = await startKubeSim({ scale: 100 });
    try {
      const seededIn = performance.now() - started;
      expect(seededIn).toBeLessThan(30_000);
      const first = (await rawRequest(sim, '/api/v1/pods?limit=500')).json<{ metadata: Json; items: unknown[] }>();
      expect(first.items).toHaveLength(500);
      expect(first.metadata['remainingItemCount']).toBe(49_500);
      // Deep in the list a page starts from a binary search in the cached, sorted keys.
      const deep = `/api/v1/pods?limit=500&continue=${encodeContinue(Number(first.metadata['resourceVersion']), 'payments-prod-48/\u0000')}`;
      const t0 = performance.now();
      const page = (await rawRequest(sim, deep)).json<{ metadata: Json; items: Json[] }>();
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(page.items[0]!['metadata'].namespace).toBe('payments-prod-48');
      expect(page.metadata['remainingItemCount']).toBeLessThan(49_500);
      // Sorting happens once per write, not once per page.
      const podType = sim.store.registry.byKind('v1', 'Pod')!;
      expect(sim.store.sortedEntries(podType)).toBe(sim.store.sortedEntries(podType));
    } finally {
      await sim.close();
    }
  });
});
