/**
 * The store's change log, etcd's revisions in miniature: watches replay it from a resourceVersion, and
 * continued lists read the state as of their first page through it. Compaction drops old revisions;
 * reads from before the compacted revision get 410 Expired, as on a cluster.
 */
import type { StoredEntry } from './store.ts';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  readonly rv: number;
  readonly type: ChangeType;
  /** group/kind: the store bucket the change belongs to. */
  readonly storageKey: string;
  /** The object after the change; for DELETED its last state, carrying the deletion's resourceVersion. */
  readonly entry: StoredEntry;
  /** The object before the change; undefined for ADDED. */
  readonly prev: StoredEntry | undefined;
  /** Date.now() when recorded, for time-based compaction. */
  readonly at: number;
}

export interface HistoryOptions {
  /** Revisions kept behind the newest (default 100,000). */
  revisions?: number;
  /** Seconds kept (default 300: kube-apiserver compacts etcd every 5 minutes). */
  seconds?: number;
}

/** An append-only array that drops from its front in amortized O(1). */
class Log {
  items: StoreEvent[] = [];
  start = 0;

  get length(): number {
    return this.items.length - this.start;
  }

  /** Drops events with rv <= `rv`. */
  dropThrough(rv: number): StoreEvent[] {
    const from = this.start;
    while (this.start < this.items.length && this.items[this.start]!.rv <= rv) this.start++;
    const dropped = this.items.slice(from, this.start);
    if (this.start > 1024 && this.start * 2 > this.items.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
    return dropped;
  }

  /** Events with rv > `rv`, oldest first. */
  after(rv: number): StoreEvent[] {
    let lo = this.start;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.items.slice(lo);
  }

  /** The newest event's rv, or 0. */
  last(): number {
    return this.length === 0 ? 0 : this.items[this.items.length - 1]!.rv;
  }
}

export class History {
  readonly #revisions: number;
  readonly #ttlMs: number;
  readonly #all = new Log();
  readonly #byKey = new Map<string, Log>();
  #compacted = 0;

  constructor(options: HistoryOptions = {}) {
    this.#revisions = options.revisions ?? 100_000;
    this.#ttlMs = (options.seconds ?? 300) * 1000;
  }

  /** Reads at or after this revision are answerable; older ones are gone. */
  get compactedRevision(): number {
    this.#expire();
    return this.#compacted;
  }

  record(event: StoreEvent): void {
    this.#all.items.push(event);
    let log = this.#byKey.get(event.storageKey);
    if (log === undefined) this.#byKey.set(event.storageKey, (log = new Log()));
    log.items.push(event);
    if (event.rv - this.#revisions > this.#compacted) this.compact(event.rv - this.#revisions);
    else this.#expire();
  }

  /** Forgets every revision up to and including `rv`. */
  compact(rv: number): void {
    if (rv <= this.#compacted) return;
    this.#compacted = rv;
    const touched = new Set<string>();
    for (const e of this.#all.dropThrough(rv)) touched.add(e.storageKey);
    for (const key of touched) {
      const log = this.#byKey.get(key)!;
      log.dropThrough(rv);
      if (log.length === 0) this.#byKey.delete(key);
    }
  }

  /** A bucket's changes after `rv`, oldest first; undefined when `rv` is older than the history. */
  after(storageKey: string, rv: number): StoreEvent[] | undefined {
    this.#expire();
    if (rv < this.#compacted) return undefined;
    return this.#byKey.get(storageKey)?.after(rv) ?? [];
  }

  /** The newest change to a bucket, or 0: lets readers cache per bucket state. */
  lastChange(storageKey: string): number {
    return this.#byKey.get(storageKey)?.last() ?? 0;
  }

  #expire(): void {
    const cutoff = Date.now() - this.#ttlMs;
    const { items, start } = this.#all;
    if (start >= items.length || items[start]!.at >= cutoff) return;
    let i = start;
    while (i + 1 < items.length && items[i + 1]!.at < cutoff) i++;
    this.compact(items[i]!.rv);
  }
}
