/** Last steps of seeding from an archive: stable metadata for rebuilt objects, and their namespaces. */
import { createHash } from 'node:crypto';
import type { ResourceRegistry } from './resource-types.ts';
import type { KubeObject } from './store.ts';

function stableUid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Rebuilt objects lack uid and creationTimestamp. Filling them here rather than in the store keeps a
 * seeded cluster the same on every run: they are dated at the cluster's installation (the
 * ClusterVersion's creation).
 */
export function fillMissingMetadata(objects: KubeObject[]): void {
  const installed = objects.find((o) => o.kind === 'ClusterVersion')?.metadata.creationTimestamp ?? '2021-01-01T00:00:00Z';
  for (const o of objects) {
    const m = o.metadata;
    m.uid ??= stableUid(`${o.apiVersion}/${o.kind}/${m.namespace ?? ''}/${m.name}`);
    m.creationTimestamp ??= installed;
  }
}

/**
 * Namespaces every OpenShift cluster has even when an archive shows nothing in them: the operator writes
 * the entitlement secret into `openshift-config-managed`. Added after the referenced ones, so the uid
 * ranges of those stay as they were.
 */
const ALWAYS_PRESENT = ['openshift-config-managed'];

/** A Namespace for every namespace referenced, dated no later than the oldest object in it. */
export function namespacesFor(objects: readonly KubeObject[], registry: ResourceRegistry): KubeObject[] {
  const existing = new Set(objects.filter((o) => o.kind === 'Namespace' && o.apiVersion === 'v1').map((o) => o.metadata.name));
  const oldest = new Map<string, string>();
  for (const o of objects) {
    const ns = o.metadata.namespace;
    if (ns === undefined || ns === '' || !registry.byKind(o.apiVersion, o.kind)?.namespaced) continue;
    const created = String(o.metadata.creationTimestamp);
    if (!oldest.has(ns) || created < oldest.get(ns)!) oldest.set(ns, created);
  }
  const referenced = [...oldest.keys()].filter((ns) => !existing.has(ns)).sort();
  const installed = [...oldest.values()].sort()[0];
  for (const name of ALWAYS_PRESENT) {
    if (!existing.has(name) && !oldest.has(name) && installed !== undefined) {
      oldest.set(name, installed);
      referenced.push(name);
    }
  }
  return referenced.map((name, i) => {
    // Every OpenShift namespace gets its own uid range from the cluster policy controller; these start
    // well above the ranges the sample's overlapping groups use.
    const range = `${1_000_100_000 + i * 10_000}/10000`;
    return {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        uid: stableUid(`v1/Namespace//${name}`),
        creationTimestamp: oldest.get(name)!,
        labels: { 'kubernetes.io/metadata.name': name },
        annotations: { 'openshift.io/sa.scc.uid-range': range, 'openshift.io/sa.scc.supplemental-groups': range, 'openshift.io/sa.scc.mcs': `s0:c${i + 10},c5` },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    };
  });
}
