/**
 * `conditional/alerts/{alert}/api_request_counts.json` (the conditional gatherer's
 * api_request_counts_of_resource_from_alert) → the APIRequestCounts it was computed from, so that the
 * gatherer, asked about the same alert, writes the file again.
 */
import type { Rebuilt } from './fixture-rebuild.ts';

const HOURS = 24;

/**
 * One APIRequestCount per entry `{resource, removed_in_release, total_request_count,
 * last_day_request_count}`: `status.requestCount` is the total and, as the API server keeps it, the
 * sum of the 24 hourly counts of `last24h`; the current hour (`currentHour`, also the last of
 * `last24h`) holds `last_day_request_count`, the field the original fills from it.
 */
export function rebuildApiRequestCounts(raw: unknown): Rebuilt[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry: unknown): Rebuilt[] => {
    if (typeof entry !== 'object' || entry === null) return [];
    const e = entry as Record<string, unknown>;
    if (typeof e['resource'] !== 'string' || e['resource'] === '') return [];
    const total = typeof e['total_request_count'] === 'number' ? e['total_request_count'] : 0;
    const current = Math.min(total, typeof e['last_day_request_count'] === 'number' ? e['last_day_request_count'] : 0);
    const last24h = Array.from({ length: HOURS }, (_, i) => ({
      requestCount: i === 0 ? total - current : i === HOURS - 1 ? current : 0,
      byNode: [],
    }));
    const removed = typeof e['removed_in_release'] === 'string' && e['removed_in_release'] !== '' ? { removedInRelease: e['removed_in_release'] } : {};
    return [{
      obj: {
        apiVersion: 'apiserver.openshift.io/v1', kind: 'APIRequestCount', metadata: { name: e['resource'] },
        spec: { numberOfUsersToReport: 10 },
        status: { ...removed, requestCount: total, currentHour: { requestCount: current, byNode: [] }, last24h },
      },
      note: 'rebuilt: an APIRequestCount whose status gives the entry back',
    }];
  });
}
