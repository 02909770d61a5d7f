/** LIST: key-ordered pages with kube's limit/continue contract, label and field selectors. */
import type { ResourceType } from './resource-types.ts';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.ts';
import { expired, INCONSISTENT_CONTINUE, LIST_EXPIRED, tooLargeResourceVersion } from './errors.ts';
import type { ListStatusBody } from './errors.ts';
import { Cursor, overlayAt } from './snapshot.ts';
import type { Overlay } from './snapshot.ts';
import { badRequest } from './status.ts';
import type { StatusBody } from './status.ts';
import type { ObjectStore, StoredEntry } from './store.ts';

/** The object as served at `type`'s version: with apiVersion/kind, or bare for items of typed lists. */
export function encodeObject(entry: StoredEntry, type: ResourceType, withTypeMeta = true): string {
  const body = type.conversion === undefined ? entry.body : JSON.stringify(type.conversion.fromStorage(JSON.parse(entry.body) as Record<string, unknown>));
  if (!withTypeMeta) return body;
  return `{"apiVersion":${JSON.stringify(type.apiVersion)},"kind":${JSON.stringify(type.kind)},${body.slice(1)}`;
}

/** apimachinery's continueToken, base64url without padding, as etcd3's store encodes it. */
interface ContinueToken { v: string; rv: number; start: string }

/** rv -1: continue at the newest revision (what a 410 on an expired token hands back), as kube. */
export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start } satisfies ContinueToken)).toString('base64url');
}

export function decodeContinue(token: string): ContinueToken {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new SelectorError('continue key is not valid: illegal base64 data');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new SelectorError('continue key is not valid: invalid JSON');
  }
  const t = parsed as Partial<ContinueToken> | null;
  if (t === null || typeof t !== 'object' || t.v !== 'meta.k8s.io/v1') throw new SelectorError('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof t.rv !== 'number' || !Number.isSafeInteger(t.rv) || t.rv === 0) throw new SelectorError('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof t.start !== 'string' || t.start === '') throw new SelectorError('continue key is not valid: encoded start key empty (version meta.k8s.io/v1)');
  return { v: t.v, rv: t.rv, start: t.start };
}

export type ListOutcome = { ok: true; chunks: Generator<string> } | { ok: false; status: StatusBody | ListStatusBody };

/** Items per written chunk: big lists stream instead of building one huge string. */
const CHUNK_ITEMS = 200;

/** Parses a non-negative integer resourceVersion; kube answers others with 400. */
export function parseResourceVersion(raw: string): number {
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw new SelectorError(`invalid resource version: ${raw}`);
  return Number(raw);
}

/**
 * The revision a list reads at: undefined for the newest. `resourceVersion=N` reads exactly N with
 * resourceVersionMatch=Exact, and (legacy rule) with a limit and no match; otherwise "not older than N"
 * is served from the newest state.
 */
function readRevision(params: URLSearchParams, limit: number, current: number): number | undefined {
  const raw = params.get('resourceVersion') ?? '';
  const match = params.get('resourceVersionMatch') ?? '';
  if (match !== '' && match !== 'Exact' && match !== 'NotOlderThan') throw new SelectorError(`resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`);
  if (match !== '' && raw === '') throw new SelectorError('resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
  if (raw === '' || raw === '0') {
    if (match === 'Exact') throw new SelectorError('resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
    return undefined;
  }
  const rv = parseResourceVersion(raw);
  if (rv > current) return rv;
  return match === 'Exact' || (match === '' && limit > 0) ? rv : undefined;
}

export function listObjects(store: ObjectStore, type: ResourceType, namespace: string | undefined, params: URLSearchParams): ListOutcome {
  const current = Number(store.resourceVersion);
  let limit = 0;
  let token: ContinueToken | undefined;
  let at: number | undefined;
  let labels;
  let fields;
  try {
    const rawLimit = params.get('limit');
    if (rawLimit !== null && rawLimit !== '') {
      limit = Number(rawLimit);
      if (!Number.isSafeInteger(limit) || limit < 0) throw new SelectorError(`invalid limit: ${rawLimit}`);
    }
    const rawContinue = params.get('continue');
    if (rawContinue !== null && rawContinue !== '') {
      const rv = params.get('resourceVersion');
      if (rv !== null && rv !== '' && rv !== '0') throw new SelectorError('specifying resource version is not allowed when using continue');
      token = decodeContinue(rawContinue);
      // A negative revision (handed back with a 410) continues at the newest one.
      if (token.rv > 0) at = token.rv;
    } else {
      at = readRevision(params, limit, current);
    }
    labels = parseLabelSelector(params.get('labelSelector') ?? '');
    fields = parseFieldSelector(params.get('fieldSelector') ?? '', type.selectableFields);
  } catch (error) {
    if (error instanceof SelectorError) return { ok: false, status: badRequest(error.message) };
    throw error;
  }
  if (at !== undefined && at > current && token === undefined) return { ok: false, status: tooLargeResourceVersion(at, current) };

  // Continue pages, and exact reads, show the store as of their revision: writes since are undone.
  let overlay: Overlay | null = null;
  if (at !== undefined && at < current) {
    const found = overlayAt(store, type, at);
    if (found === 'expired') {
      return { ok: false, status: token === undefined ? expired(LIST_EXPIRED) : expired(INCONSISTENT_CONTINUE, encodeContinue(-1, token.start)) };
    }
    overlay = found;
  }

  // Keys are "namespace/name", so one namespace is the contiguous range ["ns/", "ns0"): '0' follows '/'.
  const lo = namespace === undefined ? '' : `${namespace}/`;
  const hi = namespace === undefined ? undefined : `${namespace}0`;
  const cursor = new Cursor(store.sortedEntries(type), overlay, token === undefined || token.start < lo ? lo : token.start, hi);
  const filtered = labels.length > 0 || fields.length > 0;
  const page: StoredEntry[] = [];
  for (let e = cursor.next(); e !== undefined; e = cursor.next()) {
    if (filtered && !(matchesLabels(labels, e.labels) && matchesFields(fields, e.fields))) continue;
    page.push(e);
    if (limit > 0 && page.length === limit) break;
  }

  const rv = at ?? current;
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
  const last = page.at(-1);
  if (limit > 0 && last !== undefined && cursor.peek() !== undefined) {
    metadata['continue'] = encodeContinue(Math.max(rv, 1), `${last.key}\u0000`);
    // kube only knows the remaining count when no selector filters what remains.
    if (!filtered) metadata['remainingItemCount'] = cursor.remaining();
  }
  return { ok: true, chunks: listChunks(type, metadata, page) };
}

function* listChunks(type: ResourceType, metadata: Record<string, unknown>, page: readonly StoredEntry[]): Generator<string> {
  yield `{"kind":${JSON.stringify(`${type.kind}List`)},"apiVersion":${JSON.stringify(type.apiVersion)},"metadata":${JSON.stringify(metadata)},"items":[`;
  for (let start = 0; start < page.length; start += CHUNK_ITEMS) {
    const parts = page.slice(start, start + CHUNK_ITEMS).map((e) => encodeObject(e, type, !type.typed));
    yield (start === 0 ? '' : ',') + parts.join(',');
  }
  yield ']}';
}
