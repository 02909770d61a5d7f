import { checkAccessToken } from '../auth.ts';
import { ocmError, reply } from '../reply.ts';
import type { RouteHandler } from './context.ts';

// The one search the operator sends (original-operator.md §12).
const SEARCH = /^cluster_uuid is '([^']+)' and status is '([^']+)'$/;

/** Whether a transfer matches the search; a field the item leaves out matches anything. */
function matches(item: unknown, clusterId: string, status: string): boolean {
  const t = item as { cluster_uuid?: unknown; status?: unknown } | null;
  return (t?.cluster_uuid === undefined || t.cluster_uuid === clusterId) && (t?.status === undefined || t.status === status);
}

/**
 * `GET /api/accounts_mgmt/v1/cluster_transfers/?search=cluster_uuid is '<id>' and status is 'accepted'`:
 * the transfers set with `setTransfers` that match, as an OCM list. No match is a 200 with `total: 0`,
 * as OCM answers; the 204 the original also handles can be scripted.
 */
export const handleTransfers: RouteHandler = ({ headers, query, state }) => {
  const denied = checkAccessToken(headers, state);
  if (denied !== undefined) return denied;
  const search = query.get('search') ?? '';
  const m = SEARCH.exec(search.trim());
  if (m === null) return ocmError(400, `unsupported search "${search}"; expected cluster_uuid is '<id>' and status is '<status>'`);
  const items = state.transfers.filter((t) => matches(t, m[1]!, m[2]!));
  return reply(200, { kind: 'ClusterTransferList', page: 1, size: items.length, total: items.length, items });
};
