/** LIST: key-ordered pages with kube's limit/continue contract, label and field selectors. */
import type { ResourceType } from './resource-types.ts';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.ts';
import { badRequest } from './status.ts';
import type { StatusBody } from './status.ts';
import { lowerBound } from './store.ts';
import type { ObjectStore, StoredEntry } from './store.ts';

/** The object as served at `type`'s version: with apiVersion/kind, or bare for items of typed lists. */
export function encodeObject(entry: StoredEntry, type: ResourceType, withTypeMeta = true): string {
  if (!withTypeMeta) return entry.body;
  return `{"apiVersion":${JSON.stringify(type.apiVersion)},"kind":${JSON.stringify(type.kind)},${entry.body.slice(1)}`;
}

/** apimachinery's continueToken, base64url without padding, as etcd3's store encodes it. */
interface ContinueToken { v: string; rv: number; start: string }

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
  if (typeof t.rv !== 'number' || !Number.isSafeInteger(t.rv) || t.rv <= 0) throw new SelectorError('continue key is not valid: incorrect encoded start resourceVersion');
  if (typeof t.start !== 'string' || t.start === '') throw new SelectorError('continue key is not valid: encoded start key empty');
  return { v: t.v, rv: t.rv, start: t.start };
}

export type ListOutcome = { ok: true; chunks: Generator<string> } | { ok: false; status: StatusBody };

/** Items per written chunk: big lists stream instead of building one huge string. */
const CHUNK_ITEMS = 200;

export function listObjects(store: ObjectStore, type: ResourceType, namespace: string | undefined, params: URLSearchParams): ListOutcome {
  let limit = 0;
  let token: ContinueToken | undefined;
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
    }
    labels = parseLabelSelector(params.get('labelSelector') ?? '');
    fields = parseFieldSelector(params.get('fieldSelector') ?? '', type.selectableFields);
  } catch (error) {
    if (error instanceof SelectorError) return { ok: false, status: badRequest(error.message) };
    throw error;
  }

  const sorted = store.sortedEntries(type);
  // Keys are "namespace/name", so one namespace is the contiguous range ["ns/", "ns0"): '0' follows '/'.
  const lo = namespace === undefined ? 0 : lowerBound(sorted, `${namespace}/`);
  const hi = namespace === undefined ? sorted.length : lowerBound(sorted, `${namespace}0`);
  let i = token === undefined ? lo : Math.max(lo, lowerBound(sorted, token.start));
  const filtered = labels.length > 0 || fields.length > 0;
  const page: StoredEntry[] = [];
  for (; i < hi; i++) {
    const e = sorted[i]!;
    if (filtered && !(matchesLabels(labels, e.labels) && matchesFields(fields, e.fields))) continue;
    page.push(e);
    if (limit > 0 && page.length === limit) {
      i++;
      break;
    }
  }

  // Continue pages report the first page's resourceVersion: the list is one consistent read in kube.
  const rv = token?.rv ?? Number(store.resourceVersion);
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
  const last = page.at(-1);
  if (limit > 0 && i < hi && last !== undefined) {
    metadata['continue'] = encodeContinue(Math.max(rv, 1), `${last.key}\u0000`);
    // kube only knows the remaining count when no selector filters what remains.
    if (!filtered) metadata['remainingItemCount'] = hi - i;
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
