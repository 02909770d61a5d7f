/**
 * What kube-apiserver's registry strategies do to an object on create and update: system fields,
 * generation, the status subresource split, and the status some types start with.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { deepEqual } from './patch.ts';
import type { ResourceType } from './resource-types.ts';
import type { KubeObject } from './store.ts';

export const nowTimestamp = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Key order does not count: kube compares objects as decoded, and clients order keys differently. */
const sameJson = deepEqual;

/** Everything but metadata and status: a change here is a spec change, which bumps generation. */
function specOf(obj: KubeObject): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, metadata: _m, status: _s, ...spec } = obj;
  return spec;
}

/** Custom resources always carry a generation; built-in types do when they have a spec. */
const usesGeneration = (t: ResourceType, obj: KubeObject): boolean => !t.typed || obj['spec'] !== undefined;

/** generateName's suffix: five characters of the alphabet apimachinery's rand.String uses. */
function nameSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...randomBytes(5)].map((b) => alphabet[b % alphabet.length]).join('');
}

export function fillGeneratedName(obj: KubeObject): void {
  const { name, generateName } = obj.metadata;
  if ((name === undefined || name === '') && typeof generateName === 'string' && generateName !== '') {
    obj.metadata.name = `${generateName}${nameSuffix()}`;
  }
}

/** The status a new object starts with: types with a status subresource cannot set it on create. */
function statusOnCreate(t: ResourceType, obj: KubeObject): unknown {
  if (t.group === '' && t.kind === 'Namespace') return { phase: 'Active' };
  if (t.group === '' && t.kind === 'Pod') return { phase: 'Pending', qosClass: 'BestEffort' };
  // Nodes register themselves with their status (kubelet does).
  if (t.group === '' && t.kind === 'Node') return obj['status'];
  if (t.group === 'apiextensions.k8s.io' && t.kind === 'CustomResourceDefinition') return crdStatus(obj);
  return t.statusSubresource ? undefined : obj['status'];
}

/** What the apiextensions controllers report once a CRD is served. */
function crdStatus(obj: KubeObject): unknown {
  const spec = (obj['spec'] ?? {}) as { names?: unknown; versions?: Array<{ name?: string; storage?: boolean }> };
  const now = nowTimestamp();
  const condition = (type: string, reason: string, message: string): Record<string, string> => ({ type, status: 'True', lastTransitionTime: now, reason, message });
  return {
    conditions: [
      condition('NamesAccepted', 'NoConflicts', 'no conflicts found'),
      condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
    ],
    acceptedNames: spec.names ?? {},
    storedVersions: (spec.versions ?? []).filter((v) => v.storage === true).map((v) => v.name),
  };
}

/** Server-set fields of a new object (uid, creationTimestamp, generation, status, namespace label). */
export function prepareCreate(t: ResourceType, obj: KubeObject): void {
  const meta = obj.metadata;
  meta.uid = randomUUID();
  meta.creationTimestamp = nowTimestamp();
  for (const field of ['deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink']) delete meta[field];
  if (usesGeneration(t, obj)) meta['generation'] = 1;
  else delete meta['generation'];
  const status = statusOnCreate(t, obj);
  if (status === undefined) delete obj['status'];
  else obj['status'] = status;
  if (t.group === '' && t.kind === 'Namespace') {
    meta.labels = { ...meta.labels, 'kubernetes.io/metadata.name': meta.name };
    obj['spec'] = { finalizers: ['kubernetes'], ...(obj['spec'] as object | undefined) };
  }
}

/**
 * The stored form of an update of `old` to `next`: system fields kept, status taken from the side the
 * request may write (the main resource or /status), generation bumped on spec changes.
 */
export function prepareUpdate(t: ResourceType, old: KubeObject, next: KubeObject, statusOnly: boolean): KubeObject {
  let out: KubeObject;
  if (statusOnly) {
    out = structuredClone(old);
    if (next['status'] === undefined) delete out['status'];
    else out['status'] = next['status'];
    return out;
  }
  out = next;
  if (t.statusSubresource) {
    if (old['status'] === undefined) delete out['status'];
    else out['status'] = old['status'];
  }
  const meta = out.metadata as Record<string, unknown> & KubeObject['metadata'];
  for (const field of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation']) {
    if (old.metadata[field] === undefined) delete meta[field];
    else meta[field] = old.metadata[field];
  }
  if (typeof old.metadata['generation'] === 'number' && !sameJson(specOf(old), specOf(out))) {
    meta['generation'] = old.metadata['generation'] + 1;
  }
  if (t.group === '' && t.kind === 'Namespace') meta.labels = { ...meta.labels, 'kubernetes.io/metadata.name': meta.name };
  return out;
}

/** True when the update changes nothing but the resourceVersion: kube writes nothing then. */
export function isNoop(old: KubeObject, next: KubeObject): boolean {
  const strip = (o: KubeObject): unknown => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } });
  return sameJson(strip(old), strip(next));
}

/** Deleting returns the object for custom resources and pods, a Success Status for the rest. */
export function returnsDeletedObject(t: ResourceType): boolean {
  return !t.typed || (t.group === '' && t.kind === 'Pod');
}

export const hasFinalizers = (obj: KubeObject): boolean => Array.isArray(obj.metadata['finalizers']) && obj.metadata['finalizers'].length > 0;
