/**
 * The objects of one type as of an older resourceVersion, for continued lists: today's sorted entries
 * with the changes made since undone. Costs O(changes since) to build, then pages stay O(page).
 */
import type { ResourceType } from './resource-types.ts';
import { lowerBound } from './store.ts';
import type { ObjectStore, StoredEntry } from './store.ts';

export interface Overlay {
  /** Keys changed after the snapshot's revision, each with its state then (null: it did not exist). */
  readonly changed: ReadonlyMap<string, StoredEntry | null>;
  /** The non-null states of `changed`, sorted by key. */
  readonly extra: readonly StoredEntry[];
}

interface Cached { rv: number; last: number; overlay: Overlay | null }

// One per store and bucket: a client paging through a long list asks for the same revision each page.
const cache = new WeakMap<ObjectStore, Map<string, Cached>>();

/**
 * What to undo to read `type` as of `rv`: null when nothing changed since (read the live entries),
 * 'expired' when `rv` is older than the store's history.
 */
export function overlayAt(store: ObjectStore, type: ResourceType, rv: number): Overlay | null | 'expired' {
  if (rv < store.compactedRevision) return 'expired';
  let perStore = cache.get(store);
  if (perStore === undefined) cache.set(store, (perStore = new Map()));
  const last = store.lastChange(type);
  const hit = perStore.get(type.storageKey);
  if (hit !== undefined && hit.rv === rv && hit.last === last) return hit.overlay;

  const events = store.eventsAfter(type, rv);
  if (events === undefined) return 'expired';
  let overlay: Overlay | null = null;
  if (events.length > 0) {
    const changed = new Map<string, StoredEntry | null>();
    // The state before a key's first change after `rv` is its state at `rv`.
    for (const e of events) if (!changed.has(e.entry.key)) changed.set(e.entry.key, e.prev ?? null);
    const extra = [...changed.values()].filter((e): e is StoredEntry => e !== null).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    overlay = { changed, extra };
  }
  perStore.set(type.storageKey, { rv, last, overlay });
  return overlay;
}

/**
 * Walks entries in key order from `startKey` up to (not including) `endKey`, over the live sorted
 * entries merged with an overlay.
 */
export class Cursor {
  readonly #sorted: readonly StoredEntry[];
  readonly #overlay: Overlay | null;
  readonly #hi: number;
  readonly #extraHi: number;
  #i: number;
  #j: number;

  constructor(sorted: readonly StoredEntry[], overlay: Overlay | null, startKey: string, endKey: string | undefined) {
    this.#sorted = sorted;
    this.#overlay = overlay;
    this.#i = lowerBound(sorted, startKey);
    this.#hi = endKey === undefined ? sorted.length : lowerBound(sorted, endKey);
    const extra = overlay?.extra ?? [];
    this.#j = lowerBound(extra, startKey);
    this.#extraHi = endKey === undefined ? extra.length : lowerBound(extra, endKey);
  }

  next(): StoredEntry | undefined {
    // Fast path, the common case: nothing to undo, so a walk of the sorted array.
    if (this.#overlay === null) return this.#i < this.#hi ? this.#sorted[this.#i++] : undefined;
    const e = this.peek();
    if (e === undefined) return undefined;
    if (this.#i < this.#hi && this.#sorted[this.#i] === e) this.#i++;
    else this.#j++;
    return e;
  }

  peek(): StoredEntry | undefined {
    const changed = this.#overlay?.changed;
    if (changed !== undefined) while (this.#i < this.#hi && changed.has(this.#sorted[this.#i]!.key)) this.#i++;
    const a = this.#i < this.#hi ? this.#sorted[this.#i] : undefined;
    const b = this.#j < this.#extraHi ? this.#overlay!.extra[this.#j] : undefined;
    if (a === undefined) return b;
    if (b === undefined) return a;
    return a.key < b.key ? a : b;
  }

  /** How many entries are left. */
  remaining(): number {
    const first = this.peek();
    if (first === undefined) return 0;
    let count = this.#hi - this.#i + (this.#extraHi - this.#j);
    // Live entries in the remaining range that the overlay replaces (or hides) are not counted twice.
    for (const key of this.#overlay?.changed.keys() ?? []) {
      const at = lowerBound(this.#sorted, key);
      if (at >= this.#i && at < this.#hi && this.#sorted[at]!.key === key) count--;
    }
    return count;
  }
}
