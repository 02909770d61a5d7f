import { isJsonObject } from '../json-merge-patch.ts';
import { parseJsonQuietly } from '../parse-json-quietly.ts';

/** One cluster transfer from OCM (the fields the controller uses). */
export interface ClusterTransfer {
  id: string | undefined;
  status: string | undefined;
  /** The recipient's pull secret, a JSON text; `''` when absent. */
  secret: string;
}

/** OCM's `{"page","total","size","items":[{id,href,cluster_uuid,owner,recipient,expiration_date,status,secret,…}]}`. */
export interface ClusterTransferList {
  total: number;
  items: ClusterTransfer[];
}

/** The outcome of {@link parseClusterTransferList}; a problem never quotes the body (it holds pull secrets). */
export type ClusterTransferParse = { ok: true; list: ClusterTransferList } | { ok: false; problem: string };

/** Reads the cluster-transfer API's answer; `total` defaults to the number of items, as an absent Go int is 0. */
export function parseClusterTransferList(body: Uint8Array): ClusterTransferParse {
  const parsed = parseJsonQuietly(body);
  if (!parsed.ok) return { ok: false, problem: parsed.problem };
  const value = parsed.value;
  if (!isJsonObject(value)) return { ok: false, problem: 'it is not a JSON object' };
  const rawItems = value['items'] ?? [];
  if (!Array.isArray(rawItems)) return { ok: false, problem: '"items" is not an array' };
  const total = value['total'] ?? 0;
  if (typeof total !== 'number' || !Number.isInteger(total)) return { ok: false, problem: '"total" is not an integer' };
  const items: ClusterTransfer[] = [];
  for (const [index, item] of rawItems.entries()) {
    if (!isJsonObject(item)) return { ok: false, problem: `items[${index}] is not an object` };
    const { id, status, secret } = item;
    for (const [field, member] of Object.entries({ id, status, secret })) {
      if (member !== undefined && member !== null && typeof member !== 'string') return { ok: false, problem: `items[${index}].${field} is not a string` };
    }
    items.push({
      id: typeof id === 'string' ? id : undefined,
      status: typeof status === 'string' ? status : undefined,
      secret: typeof secret === 'string' ? secret : '',
    });
  }
  return { ok: true, list: { total, items } };
}
