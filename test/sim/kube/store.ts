import { randomUUID } from 'node:crypto';
import { History } from './history.ts';
import type { HistoryOptions, StoreEvent } from './history.ts';
import type { ResourceRegistry, ResourceType } from './resource-types.ts';
import { extractFields } from './selectors.ts';

export interface KubeObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeObjectMeta;
  [key: string]: unknown;
}

/**
 * One stored object. The object is kept serialized: at scale 100 the cluster holds 50,000 pods, and
 * strings are several times smaller than live objects and are written to responses without re-encoding.
 */
export interface StoredEntry {
  /** `namespace/name` or `name`: etcd's key order, which lists follow. */
  readonly key: string;
  readonly namespace: string | undefined;
  readonly name: string;
  /** The apiVersion the object was added with; responses use the version requested. */
  readonly apiVersion: string;
  readonly kind: string;
  /** JSON of the object without apiVersion and kind, so either can be prefixed when serving. */
  readonly body: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, string>>;
}

interface Bucket {
  /** One of the types stored here (every served version of a kind shares the bucket). */
  readonly type: ResourceType;
  readonly entries: Map<string, StoredEntry>;
  /**
   * Sorted by key, so pages of a long list cost O(page), not a sort. Writes keep it sorted in place;
   * a burst of inserts with no read in between drops it instead, to be sorted once by the next read.
   */
  sorted: StoredEntry[] | null;
  splicesSinceRead: number;
}

/** Inserts/deletes spliced into a sorted bucket before re-sorting once becomes the cheaper way. */
const MAX_SPLICES_SINCE_READ = 1000;

export interface StoreOptions {
  /** How much change history watches and continued lists can reach back into. */
  history?: HistoryOptions;
}

export type StoreListener = (event: StoreEvent) => void;

function compareKeys(a: StoredEntry, b: StoredEntry): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function nowTimestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class ObjectStore {
  readonly registry: ResourceRegistry;
  readonly #buckets = new Map<string, Bucket>();
  readonly #history: History;
  readonly #listeners = new Map<string, Set<StoreListener>>();
  #resourceVersion = 0;
  #count = 0;

  constructor(registry: ResourceRegistry, options: StoreOptions = {}) {
    this.registry = registry;
    this.#history = new History(options.history);
  }

  /** The store-wide resourceVersion, as of the last write; lists report it. */
  get resourceVersion(): string {
    return String(this.#resourceVersion);
  }

  /**
   * Adds or replaces an object, as seeding does. uid, resourceVersion and creationTimestamp are filled
   * when missing; a given resourceVersion is kept (archives read back unchanged), and a numeric one ahead
   * of the store's moves the store's forward, so lists never report a version older than one of their
   * items. Either way the change takes the next store revision and watchers see it.
   */
  add(obj: KubeObject): KubeObject {
    if (obj === null || typeof obj !== 'object') throw new TypeError('store.add: not an object');
    const { apiVersion, kind } = obj;
    const name = obj.metadata?.name;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string' || name === '') {
      throw new TypeError('store.add: the object needs apiVersion, kind and metadata.name');
    }
    const served = this.#type(apiVersion, kind);
    const [type, stored] = this.#storedForm(served, obj);
    obj = stored;
    const namespace = obj.metadata.namespace;
    if (type.namespaced && (typeof namespace !== 'string' || namespace === '')) {
      throw new TypeError(`store.add: ${kind} ${name} is namespaced but has no metadata.namespace`);
    }
    if (!type.namespaced && namespace !== undefined && namespace !== '') {
      throw new TypeError(`store.add: ${kind} ${name} is cluster-scoped but has metadata.namespace ${namespace}`);
    }
    const metadata: KubeObjectMeta = { ...obj.metadata };
    metadata.uid ??= randomUUID();
    const given = Number(metadata.resourceVersion);
    const rv = metadata.resourceVersion === undefined || !Number.isSafeInteger(given) || given <= this.#resourceVersion ? this.#resourceVersion + 1 : given;
    metadata.resourceVersion ??= String(rv);
    metadata.creationTimestamp ??= nowTimestamp();
    const { apiVersion: storedApiVersion, kind: _k, ...rest } = obj;
    rest.metadata = metadata;
    const entry = makeEntry(type, storedApiVersion, kind, rest);
    this.#commit(type, entry.key, entry, rv);
    return { apiVersion, kind, ...(served.conversion?.fromStorage(rest) ?? rest) } as KubeObject;
  }

  remove(apiVersion: string, kind: string, name: string, namespace?: string): boolean {
    return this.delete(this.#type(apiVersion, kind), name, namespace) !== undefined;
  }

  /**
   * Stores an object written through the API: it takes the next resourceVersion (etcd's revision), and
   * watchers see ADDED or MODIFIED. The caller has filled the rest of its metadata.
   */
  put(served: ResourceType, obj: KubeObject): StoredEntry {
    const rv = this.#resourceVersion + 1;
    const [type, stored] = this.#storedForm(served, obj);
    const { apiVersion, kind, ...rest } = stored;
    rest.metadata = { ...obj.metadata, resourceVersion: String(rv) };
    const entry = makeEntry(type, apiVersion, kind, rest);
    this.#commit(type, entry.key, entry, rv);
    return entry;
  }

  /** Deletes an object; returns its last state with the deletion's resourceVersion, as DELETED carries it. */
  delete(type: ResourceType, name: string, namespace?: string): StoredEntry | undefined {
    return this.#commit(type, type.namespaced ? `${namespace}/${name}` : name, undefined, this.#resourceVersion + 1)?.entry;
  }

  /** Calls `listener` after each change to objects of `type` (any version), until the returned function is called. */
  subscribe(type: ResourceType, listener: StoreListener): () => void {
    let set = this.#listeners.get(type.storageKey);
    if (set === undefined) this.#listeners.set(type.storageKey, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  }

  /** Changes to objects of `type` after `rv`, oldest first; undefined when `rv` is older than the history. */
  eventsAfter(type: ResourceType, rv: number): StoreEvent[] | undefined {
    return this.#history.after(type.storageKey, rv);
  }

  /** The revision of the newest change to objects of `type` still in the history, or 0. */
  lastChange(type: ResourceType): number {
    return this.#history.lastChange(type.storageKey);
  }

  /** Reads at resourceVersions below this are gone (410); compact() moves it. */
  get compactedRevision(): number {
    return this.#history.compactedRevision;
  }

  /** Forgets the history up to `rv` (default: all of it), as etcd compaction does. */
  compact(rv: number = this.#resourceVersion): void {
    this.#history.compact(rv);
  }

  /** Every stored object in one namespace, with a type to address it by. */
  entriesInNamespace(namespace: string): Array<{ type: ResourceType; entry: StoredEntry }> {
    const out: Array<{ type: ResourceType; entry: StoredEntry }> = [];
    for (const bucket of this.#buckets.values()) {
      if (!bucket.type.namespaced) continue;
      for (const entry of bucket.entries.values()) if (entry.namespace === namespace) out.push({ type: bucket.type, entry });
    }
    return out;
  }

  /** The type and shape an object is kept as: converted types are stored as their storage type. */
  #storedForm(type: ResourceType, obj: KubeObject): [ResourceType, KubeObject] {
    const { conversion } = type;
    if (conversion === undefined) return [type, obj];
    const stored = { ...conversion.toStorage(obj), apiVersion: conversion.storedAs } as KubeObject;
    return [this.#type(conversion.storedAs, type.kind), stored];
  }

  #commit(type: ResourceType, key: string, entry: StoredEntry | undefined, rv: number): StoreEvent | undefined {
    const bucket = this.#bucket(type);
    const prev = bucket.entries.get(key);
    if (entry === undefined && prev === undefined) return undefined;
    this.#resourceVersion = rv;
    if (entry !== undefined) bucket.entries.set(key, entry);
    else bucket.entries.delete(key);
    if (prev === undefined) this.#count++;
    else if (entry === undefined) this.#count--;
    if (bucket.sorted !== null) {
      const at = lowerBound(bucket.sorted, key);
      if (prev !== undefined && entry !== undefined) bucket.sorted[at] = entry;
      else if (++bucket.splicesSinceRead > MAX_SPLICES_SINCE_READ) bucket.sorted = null;
      else if (entry !== undefined) bucket.sorted.splice(at, 0, entry);
      else bucket.sorted.splice(at, 1);
    }
    const event: StoreEvent = {
      rv,
      type: entry === undefined ? 'DELETED' : prev === undefined ? 'ADDED' : 'MODIFIED',
      storageKey: type.storageKey,
      entry: entry ?? withResourceVersion(prev!, rv),
      prev,
      at: Date.now(),
    };
    this.#history.record(event);
    for (const listener of this.#listeners.get(type.storageKey) ?? []) listener(event);
    return event;
  }

  get(apiVersion: string, kind: string, name: string, namespace?: string): KubeObject | undefined {
    const type = this.#type(apiVersion, kind);
    const entry = this.entry(type, name, namespace);
    return entry === undefined ? undefined : materialize(entry, type);
  }

  /** Objects of a kind, optionally in one namespace, in key order (namespace, then name). */
  list(apiVersion: string, kind: string, namespace?: string): KubeObject[] {
    const type = this.#type(apiVersion, kind);
    const all = this.sortedEntries(type);
    return (namespace === undefined ? all : all.filter((e) => e.namespace === namespace)).map((e) => materialize(e, type));
  }

  count(): number {
    return this.#count;
  }

  entry(type: ResourceType, name: string, namespace?: string): StoredEntry | undefined {
    return this.#buckets.get(type.storageKey)?.entries.get(type.namespaced ? `${namespace}/${name}` : name);
  }

  sortedEntries(type: ResourceType): readonly StoredEntry[] {
    const bucket = this.#bucket(type);
    bucket.sorted ??= [...bucket.entries.values()].sort(compareKeys);
    bucket.splicesSinceRead = 0;
    return bucket.sorted;
  }

  /** Distinct namespaces holding objects of any kind. */
  namespaces(): Set<string> {
    const out = new Set<string>();
    for (const bucket of this.#buckets.values()) for (const e of bucket.entries.values()) if (e.namespace !== undefined) out.add(e.namespace);
    return out;
  }

  #type(apiVersion: string, kind: string): ResourceType {
    const type = this.registry.byKind(apiVersion, kind);
    if (type === undefined) throw new TypeError(`store: ${apiVersion} ${kind} is not a known resource type (add it to resource-table.ts)`);
    return type;
  }

  #bucket(type: ResourceType): Bucket {
    let bucket = this.#buckets.get(type.storageKey);
    if (bucket === undefined) {
      bucket = { type, entries: new Map(), sorted: null, splicesSinceRead: 0 };
      this.#buckets.set(type.storageKey, bucket);
    }
    return bucket;
  }
}

/** An object without apiVersion and kind, as entries keep it. */
type ObjectBody = { metadata: KubeObjectMeta; [key: string]: unknown };

function makeEntry(type: ResourceType, apiVersion: string, kind: string, rest: ObjectBody): StoredEntry {
  const { name, namespace, labels } = rest.metadata;
  return {
    key: type.namespaced ? `${namespace}/${name}` : name,
    namespace: type.namespaced ? namespace : undefined,
    name, apiVersion, kind,
    body: JSON.stringify(rest),
    labels: labels !== null && typeof labels === 'object' ? { ...labels } : {},
    fields: extractFields({ ...rest }, type.selectableFields),
  };
}

function withResourceVersion(entry: StoredEntry, rv: number): StoredEntry {
  const body = JSON.parse(entry.body) as ObjectBody;
  body.metadata = { ...body.metadata, resourceVersion: String(rv) };
  return { ...entry, body: JSON.stringify(body) };
}

function materialize(entry: StoredEntry, type?: ResourceType): KubeObject {
  if (type?.conversion !== undefined) {
    return { apiVersion: type.apiVersion, kind: type.kind, ...type.conversion.fromStorage(JSON.parse(entry.body) as ObjectBody) } as KubeObject;
  }
  return { apiVersion: entry.apiVersion, kind: entry.kind, ...(JSON.parse(entry.body) as Omit<KubeObject, 'apiVersion' | 'kind'>) } as KubeObject;
}

/** First index whose key is >= `key`. */
export function lowerBound(sorted: readonly StoredEntry[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
