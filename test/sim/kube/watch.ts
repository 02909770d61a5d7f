/**
 * WATCH (`?watch=true` on list paths): newline-delimited JSON events over a chunked response, as
 * kube-apiserver streams them. From resourceVersion N the retained changes after N are replayed, then
 * live ones follow; with no resourceVersion (or "0") the current objects come first as ADDED. A
 * resourceVersion older than the history gets an ERROR event with a 410 Status, then the stream ends.
 */
import type { ServerResponse } from 'node:http';
import { tooOldResourceVersion } from './errors.ts';
import type { StoreEvent } from './history.ts';
import { encodeObject, parseResourceVersion } from './list.ts';
import type { ResourceType } from './resource-types.ts';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.ts';
import type { FieldRequirement } from './selectors.ts';
import { badRequest } from './status.ts';
import type { StatusBody } from './status.ts';
import { lowerBound } from './store.ts';
import type { ObjectStore, StoredEntry } from './store.ts';

export interface WatchOptions {
  /** How often watches that allow bookmarks get one (default 60 s, kube's cadence). */
  bookmarkIntervalMs?: number;
}

/** Events per write: initial state of a big list is sent in batches, at the pace the client reads. */
const BATCH = 200;

/** The open watches of a server, so closing the server can end them cleanly. */
export class WatchHub {
  readonly bookmarkIntervalMs: number;
  readonly #open = new Set<ServerResponse>();

  constructor(options: WatchOptions = {}) {
    this.bookmarkIntervalMs = options.bookmarkIntervalMs ?? 60_000;
  }

  get size(): number {
    return this.#open.size;
  }

  track(res: ServerResponse): void {
    this.#open.add(res);
    res.once('close', () => this.#open.delete(res));
  }

  /** Ends every open watch (the terminating chunk is sent) and waits, at most a second, for them to flush. */
  async closeAll(): Promise<void> {
    const ending = [...this.#open].map((res) => new Promise<void>((resolve) => {
      if (res.writableFinished || res.destroyed) return resolve();
      res.once('finish', () => resolve());
      res.once('close', () => resolve());
      res.end();
    }));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(ending), new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)))]);
    clearTimeout(timer);
  }
}

export type PreparedWatch = { ok: true; start: (res: ServerResponse) => void } | { ok: false; status: StatusBody };

const isTrue = (v: string | null): boolean => v === 'true' || v === '1';

/** Validates a watch request; the stream starts when the server calls `start`. */
export function prepareWatch(hub: WatchHub, store: ObjectStore, type: ResourceType, namespace: string | undefined, name: string | undefined, params: URLSearchParams): PreparedWatch {
  let labels;
  let fields: FieldRequirement[];
  let from: number | undefined;
  let timeoutSeconds = 0;
  try {
    labels = parseLabelSelector(params.get('labelSelector') ?? '');
    fields = parseFieldSelector(params.get('fieldSelector') ?? '', type.selectableFields);
    // A watch on a named path is a watch of the list narrowed to that name.
    if (name !== undefined) fields = [...fields, { field: 'metadata.name', op: '=', value: name }];
    const rv = params.get('resourceVersion') ?? '';
    if (rv !== '' && rv !== '0') from = parseResourceVersion(rv);
    const timeout = params.get('timeoutSeconds');
    if (timeout !== null && timeout !== '') {
      timeoutSeconds = Number(timeout);
      if (!Number.isSafeInteger(timeoutSeconds) || timeoutSeconds < 0) throw new SelectorError(`invalid timeoutSeconds: ${timeout}`);
    }
  } catch (error) {
    if (error instanceof SelectorError) return { ok: false, status: badRequest(error.message) };
    throw error;
  }
  const bookmarks = isTrue(params.get('allowWatchBookmarks'));
  const initialEvents = from === undefined || isTrue(params.get('sendInitialEvents'));
  const initialEnd = isTrue(params.get('sendInitialEvents'));

  const matches = (e: StoredEntry | undefined): e is StoredEntry =>
    e !== undefined && (namespace === undefined || e.namespace === namespace) && matchesLabels(labels, e.labels) && matchesFields(fields, e.fields);
  const line = (kind: string, object: string): string => `{"type":"${kind}","object":${object}}\n`;
  const bookmark = (rv: number, annotations?: Record<string, string>): string => line('BOOKMARK', JSON.stringify({
    kind: type.kind, apiVersion: type.apiVersion,
    metadata: { resourceVersion: String(rv), ...(annotations === undefined ? {} : { annotations }) },
  }));

  /** The event a watcher with these filters sees for a change, as kube's cacheWatcher translates it. */
  const translate = (e: StoreEvent): string | undefined => {
    const now = e.type !== 'DELETED' && matches(e.entry);
    const before = matches(e.prev);
    if (e.type === 'DELETED') return before ? line('DELETED', encodeObject(e.entry, type)) : undefined;
    if (now) return line(before ? 'MODIFIED' : 'ADDED', encodeObject(e.entry, type));
    // Leaving the selection is a deletion, of the previous state at this event's resourceVersion.
    if (before) return line('DELETED', withResourceVersion(encodeObject(e.prev!, type), e.rv));
    return undefined;
  };

  return {
    ok: true,
    start: (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private', 'transfer-encoding': 'chunked' });
      res.flushHeaders();
      hub.track(res);
      const queue: string[] = [];
      let initial: Iterator<string> | undefined;
      let blocked = false;
      const pump = (): void => {
        while (!blocked && !res.destroyed && !res.writableEnded) {
          let chunk = '';
          for (let n = 0; n < BATCH; n++) {
            if (initial !== undefined) {
              const next = initial.next();
              if (next.done !== true) {
                chunk += next.value;
                continue;
              }
              initial = undefined;
            }
            const text = queue.shift();
            if (text === undefined) break;
            chunk += text;
          }
          if (chunk === '') return;
          if (!res.write(chunk)) {
            blocked = true;
            res.once('drain', () => {
              blocked = false;
              pump();
            });
          }
        }
      };
      const push = (text: string | undefined): void => {
        if (text === undefined) return;
        queue.push(text);
        pump();
      };

      const current = Number(store.resourceVersion);
      if (from !== undefined && !initialEvents) {
        const events = store.eventsAfter(type, from);
        if (events === undefined) {
          res.end(line('ERROR', JSON.stringify(tooOldResourceVersion(from, store.compactedRevision))));
          return;
        }
        for (const e of events) {
          const text = translate(e);
          if (text !== undefined) queue.push(text);
        }
      } else {
        // The state now, as ADDED events: copied, since later writes change the sorted array in place.
        const sorted = store.sortedEntries(type);
        const lo = namespace === undefined ? 0 : lowerBound(sorted, `${namespace}/`);
        const hi = namespace === undefined ? sorted.length : lowerBound(sorted, `${namespace}0`);
        const state = sorted.slice(lo, hi);
        initial = (function* () {
          for (const e of state) if (matches(e)) yield line('ADDED', encodeObject(e, type));
          if (initialEnd) yield bookmark(current, { 'k8s.io/initial-events-end': 'true' });
        })();
      }
      // Subscribed in the same tick as the state or history above was read: no change falls in between.
      const unsubscribe = store.subscribe(type, (e) => push(translate(e)));
      const timers: NodeJS.Timeout[] = [];
      if (bookmarks) timers.push(setInterval(() => push(bookmark(Math.max(Number(store.resourceVersion), from ?? 0))), hub.bookmarkIntervalMs));
      if (timeoutSeconds > 0) timers.push(setTimeout(() => res.end(), timeoutSeconds * 1000));
      res.once('close', () => {
        unsubscribe();
        for (const t of timers) clearTimeout(t);
      });
      res.once('finish', () => {
        unsubscribe();
        for (const t of timers) clearTimeout(t);
      });
      pump();
    },
  };
}

function withResourceVersion(object: string, rv: number): string {
  const obj = JSON.parse(object) as { metadata: Record<string, unknown> };
  obj.metadata['resourceVersion'] = String(rv);
  return JSON.stringify(obj);
}
