import { checkBearer } from '../auth.ts';
import { reply } from '../reply.ts';
import type { RouteHandler } from './context.ts';

/** `GET /api/insights-results-aggregator/v2/cluster/{id}/reports`: the report set for the cluster (or '*'), else 404. */
export const handleReport: RouteHandler = ({ headers, params, state }) => {
  const denied = checkBearer(headers, state);
  if (denied !== undefined) return denied;
  const clusterId = params[0] ?? '';
  const report = state.reports.has(clusterId) ? state.reports.get(clusterId) : state.reports.get('*');
  // The aggregator's own wording for a cluster it has no results for.
  if (report === undefined) return reply(404, { status: `Item with ID ${clusterId} was not found in the storage` });
  return reply(200, report);
};
