/**
 * Node logs: a side store of journals (per node and systemd unit) and what the API server's node proxy
 * reaches of the kubelet at `nodes/{name}/proxy/...`: the kubelet's node log query (`/logs/?query=unit`,
 * the NodeLogQuery feature, answered from the node's journal as `journalctl --utc
 * --output=short-precise` prints it) and `/healthz`.
 */
import { failure, notFound } from './status.ts';
import type { StatusBody } from './status.ts';
import type { KubeObject, ObjectStore } from './store.ts';

/** Makes the journal of a unit of a node that has no explicit one; `undefined` when it has none. */
export type JournalGenerator = (node: KubeObject, unit: string) => readonly string[] | undefined;

export class NodeJournals {
  readonly #journals = new Map<string, readonly string[]>();
  /** Journals of nodes with no explicit one (generated clusters install one). */
  generator: JournalGenerator | undefined;

  /** Replaces the journal of one unit of a node: entries oldest first, each as journalctl prints it. */
  set(node: string, unit: string, lines: readonly string[]): void {
    this.#journals.set(key(node, unit), [...lines]);
  }

  /** The explicit journal of one unit of a node, if one was set. */
  get(node: string, unit: string): readonly string[] | undefined {
    return this.#journals.get(key(node, unit));
  }

  delete(node: string, unit: string): boolean {
    return this.#journals.delete(key(node, unit));
  }

  clear(): void {
    this.#journals.clear();
  }

  get size(): number {
    return this.#journals.size;
  }
}

const key = (node: string, unit: string): string => `${node}/${unit}`;

export type NodeProxyReply = { status: number; text: string } | { status: number; json: StatusBody };

/** The kubelet's 404 for a path it does not serve (Go's http.NotFound). */
const kubeletNotFound: NodeProxyReply = { status: 404, text: '404 page not found\n' };

/** What `journalctl -u` accepts as a unit, and the kubelet as a file name under /var/log. */
const QUERY = /^[\w.@:-]+$/;

type Json = Record<string, any>;

/**
 * `/api/v1/nodes/{name}/proxy/{path...}`. The API server answers 404 for an unknown node and 503 when
 * the kubelet cannot be reached (a node whose Ready condition is Unknown: its kubelet stopped posting).
 */
export function nodeProxyReply(store: ObjectStore, journals: NodeJournals, name: string, path: readonly string[], params: URLSearchParams): NodeProxyReply {
  const node = store.get('v1', 'Node', name) as (KubeObject & { status?: Json }) | undefined;
  if (node === undefined) return { status: 404, json: notFound('', 'nodes', name) };
  const ready = ((node.status?.['conditions'] ?? []) as Json[]).find((c) => c['type'] === 'Ready');
  if (ready?.['status'] === 'Unknown') {
    const address = ((node.status?.['addresses'] ?? []) as Json[]).find((a) => a['type'] === 'InternalIP')?.['address'] ?? name;
    return { status: 503, json: failure(503, 'ServiceUnavailable', `error trying to reach service: dial tcp ${address}:10250: connect: connection refused`) };
  }
  if (path.length === 1 && path[0] === 'healthz') return { status: 200, text: 'ok' };
  // Files under /var/log (`logs/{file}`) are not served: only the journal query and the listing.
  if (path[0] !== 'logs' || path.length > 1) return kubeletNotFound;
  const queries = params.getAll('query').filter((q) => q !== '');
  if (queries.length === 0) {
    // No query: the kubelet's file server lists /var/log.
    return { status: 200, text: '<pre>\n<a href="journal/">journal/</a>\n<a href="pods/">pods/</a>\n</pre>\n' };
  }
  const bad = queries.find((q) => !QUERY.test(q));
  if (bad !== undefined) return { status: 400, text: `query: Invalid value: "${bad}": must be a valid service or file name\n` };
  const rawTail = params.get('tailLines');
  let tail: number | undefined;
  if (rawTail !== null && rawTail !== '') {
    tail = /^\d+$/.test(rawTail) ? Number(rawTail) : NaN;
    if (!Number.isSafeInteger(tail)) return { status: 400, text: `tailLines: Invalid value: "${rawTail}": must be a non-negative integer\n` };
  }
  // Several units are read one after the other (journalctl would interleave them by time).
  const lines = queries.flatMap((unit) => journals.get(name, unit) ?? journals.generator?.(node, unit) ?? []);
  const selected = tail === undefined ? lines : tail === 0 ? [] : lines.slice(-tail);
  return { status: 200, text: selected.map((l) => `${l}\n`).join('') };
}
