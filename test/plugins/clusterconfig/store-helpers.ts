/** Small helpers over the simulator's store and request log for the clusterconfig tests. */
import type { KubeObject, KubeSim, RequestRecord } from '../../sim/kube/index.ts';

/**
 * Runs `body` while the store holds no object of the kind (as on a cluster without them), then puts
 * the objects back.
 */
export async function withoutObjects<T>(sim: KubeSim, apiVersion: string, kind: string, body: () => Promise<T>): Promise<T> {
  const saved: KubeObject[] = sim.store.list(apiVersion, kind);
  for (const o of saved) sim.store.remove(apiVersion, kind, o.metadata.name, o.metadata.namespace);
  try {
    return await body();
  } finally {
    for (const o of saved) sim.store.add(o);
  }
}

/** Runs `body` while the store lacks the one object named (as on a cluster without it), then puts it back. */
export async function withoutObject<T>(
  sim: KubeSim,
  object: { apiVersion: string; kind: string; name: string; namespace?: string },
  body: () => Promise<T>,
): Promise<T> {
  const { apiVersion, kind, name, namespace } = object;
  const saved = sim.store.get(apiVersion, kind, name, namespace);
  if (saved === undefined) throw new Error(`withoutObject: no ${kind} ${namespace === undefined ? '' : `${namespace}/`}${name} in the store`);
  sim.store.remove(apiVersion, kind, name, namespace);
  try {
    return await body();
  } finally {
    sim.store.add(saved);
  }
}

/**
 * Runs `body` with `objects` added to the store, then removes them (and restores any object they
 * replaced).
 */
export async function withObjects<T>(sim: KubeSim, objects: readonly KubeObject[], body: () => Promise<T>): Promise<T> {
  const replaced = objects.map((o) => sim.store.get(o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace));
  for (const o of objects) sim.store.add(o);
  try {
    return await body();
  } finally {
    objects.forEach((o, i) => {
      const before = replaced[i];
      if (before === undefined) sim.store.remove(o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace);
      else sim.store.add(before);
    });
  }
}

/** The requests made since `since` (an index into `sim.requests`) whose path is `path`. */
export function requestsTo(sim: KubeSim, since: number, path: string): RequestRecord[] {
  return sim.requests.slice(since).filter((r) => r.path === path);
}
