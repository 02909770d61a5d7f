import { randomUUID } from 'node:crypto';
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
  readonly entries: Map<string, StoredEntry>;
  /** Sorted by key; rebuilt lazily after a write so pages of a long list cost O(page), not a sort. */
  sorted: StoredEntry[] | null;
}

function compareKeys(a: StoredEntry, b: StoredEntry): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function nowTimestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class ObjectStore {
  readonly registry: ResourceRegistry;
  readonly #buckets = new Map<string, Bucket>();
  #resourceVersion = 0;
  #count = 0;

  constructor(registry: ResourceRegistry) {
    this.registry = registry;
  }

  /** The store-wide resourceVersion, as of the last write; lists report it. */
  get resourceVersion(): string {
    return String(this.#resourceVersion);
  }

  /**
   * Adds or replaces an object. uid, resourceVersion and creationTimestamp are filled when missing;
   * a numeric resourceVersion ahead of the store's moves the store's forward, so lists never report
   * a version older than one of their items.
   */
  add(obj: KubeObject): KubeObject {
    if (obj === null || typeof obj !== 'object') throw new TypeError('store.add: not an object');
    const { apiVersion, kind } = obj;
    const name = obj.metadata?.name;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string' || name === '') {
      throw new TypeError('store.add: the object needs apiVersion, kind and metadata.name');
    }
    const type = this.#type(apiVersion, kind);
    const namespace = obj.metadata.namespace;
    if (type.namespaced && (typeof namespace !== 'string' || namespace === '')) {
      throw new TypeError(`store.add: ${kind} ${name} is namespaced but has no metadata.namespace`);
    }
    if (!type.namespaced && namespace !== undefined && namespace !== '') {
      throw new TypeError(`store.add: ${kind} ${name} is cluster-scoped but has metadata.namespace ${namespace}`);
    }
    const metadata: KubeObjectMeta = { ...obj.metadata };
    metadata.uid ??= randomUUID();
    const rv = Number(metadata.resourceVersion);
    if (metadata.resourceVersion === undefined) metadata.resourceVersion = String(++this.#resourceVersion);
    else this.#resourceVersion = Number.isSafeInteger(rv) && rv > this.#resourceVersion ? rv : this.#resourceVersion + 1;
    metadata.creationTimestamp ??= nowTimestamp();
    const { apiVersion: _a, kind: _k, ...rest } = obj;
    rest.metadata = metadata;
    const labels = metadata.labels !== null && typeof metadata.labels === 'object' ? { ...metadata.labels } : {};
    const entry: StoredEntry = {
      key: type.namespaced ? `${namespace}/${name}` : name,
      namespace: type.namespaced ? namespace : undefined,
      name, apiVersion, kind,
      body: JSON.stringify(rest),
      labels,
      fields: extractFields({ ...rest }, type.selectableFields),
    };
    const bucket = this.#bucket(type);
    if (!bucket.entries.has(entry.key)) {
      this.#count++;
      bucket.sorted = null;
    } else if (bucket.sorted !== null) {
      const at = lowerBound(bucket.sorted, entry.key);
      bucket.sorted[at] = entry;
    }
    bucket.entries.set(entry.key, entry);
    return { apiVersion, kind, ...rest } as KubeObject;
  }

  remove(apiVersion: string, kind: string, name: string, namespace?: string): boolean {
    const type = this.#type(apiVersion, kind);
    const bucket = this.#bucket(type);
    if (!bucket.entries.delete(type.namespaced ? `${namespace}/${name}` : name)) return false;
    this.#count--;
    this.#resourceVersion++;
    bucket.sorted = null;
    return true;
  }

  get(apiVersion: string, kind: string, name: string, namespace?: string): KubeObject | undefined {
    const type = this.#type(apiVersion, kind);
    const entry = this.entry(type, name, namespace);
    return entry === undefined ? undefined : materialize(entry);
  }

  /** Objects of a kind, optionally in one namespace, in key order (namespace, then name). */
  list(apiVersion: string, kind: string, namespace?: string): KubeObject[] {
    const type = this.#type(apiVersion, kind);
    const all = this.sortedEntries(type);
    return (namespace === undefined ? all : all.filter((e) => e.namespace === namespace)).map(materialize);
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
      bucket = { entries: new Map(), sorted: null };
      this.#buckets.set(type.storageKey, bucket);
    }
    return bucket;
  }
}

function materialize(entry: StoredEntry): KubeObject {
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
