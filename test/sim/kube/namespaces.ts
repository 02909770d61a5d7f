/**
 * Namespace deletion as kube-apiserver and the namespace controller do it: the Namespace turns
 * Terminating at once (new content is refused with 403), and a moment later its content and then the
 * Namespace itself are deleted. The delay lets `kubectl delete -f` delete a namespace's objects after
 * the namespace itself, as on a cluster, without 404s.
 */
import { failure } from './status.ts';
import type { StatusBody } from './status.ts';
import type { ResourceType } from './resource-types.ts';
import type { KubeObject, ObjectStore, StoredEntry } from './store.ts';
import { nowTimestamp } from './object-rules.ts';

/** How long a deleted namespace stays Terminating. */
export const NAMESPACE_FINALIZE_MS = 1000;

export const isNamespaceType = (t: ResourceType): boolean => t.group === '' && t.kind === 'Namespace';

export function isTerminating(entry: StoredEntry): boolean {
  return (JSON.parse(entry.body) as KubeObject).metadata['deletionTimestamp'] !== undefined;
}

/** `configmaps "x" is forbidden: unable to create new content in namespace demo because it is being terminated`. */
export function terminating(t: ResourceType, name: string, namespace: string): StatusBody {
  const resource = t.group === '' ? t.plural : `${t.plural}.${t.group}`;
  return failure(403, 'Forbidden', `${resource} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
    { name, ...(t.group === '' ? {} : { group: t.group }), kind: t.plural });
}

/** Marks the Namespace Terminating and schedules its emptying; returns its new state. */
export function terminateNamespace(store: ObjectStore, t: ResourceType, ns: KubeObject): StoredEntry {
  const status = { ...(ns['status'] as object | undefined), phase: 'Terminating' };
  const entry = store.put(t, { ...ns, metadata: { ...ns.metadata, deletionTimestamp: nowTimestamp() }, status });
  const uid = ns.metadata.uid;
  setTimeout(() => {
    const current = store.entry(t, ns.metadata.name);
    // Recreated meanwhile, or already gone: nothing of ours to finish.
    if (current === undefined || (JSON.parse(current.body) as KubeObject).metadata.uid !== uid) return;
    for (const { type, entry: e } of store.entriesInNamespace(ns.metadata.name)) store.delete(type, e.name, e.namespace);
    store.delete(t, ns.metadata.name);
  }, NAMESPACE_FINALIZE_MS).unref();
  return entry;
}
