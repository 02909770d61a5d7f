import { defineGatheringFunction, json, record } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { conditionalState, firingInstances } from './conditional-state.ts';
import { stringParam } from './params.ts';

/** One entry of `api_request_counts.json`, with the original's field names. */
export interface ApiRequestCountEntry {
  /** The APIRequestCount's name: `{resource}.{version}.{group}`. */
  readonly resource: string;
  /** The release that removes the API (`status.removedInRelease`), `''` when it has none. */
  readonly removed_in_release: string;
  /** `status.requestCount`: every request the object counts, that is those of the last 24 hours. */
  readonly total_request_count: number;
  /**
   * `status.currentHour.requestCount`, as the original fills it despite the name: the requests of the
   * current hour. (The sum of `status.last24h` would only repeat `requestCount`, which is that sum.)
   */
  readonly last_day_request_count: number;
}

interface ApiRequestCount extends KubeObject {
  status?: {
    removedInRelease?: string;
    requestCount?: number;
    currentHour?: { requestCount?: number } | null;
    [key: string]: unknown;
  };
}

/**
 * The APIRequestCount name an alert instance points at: the API server names them
 * `{resource}.{version}.{group}`, and `{resource}.{version}` for the core group.
 */
export function apiRequestCountName(labels: Readonly<Record<string, string>>): string | undefined {
  const { resource, version, group } = labels;
  if (resource === undefined || resource === '' || version === undefined || version === '') return undefined;
  return group === undefined || group === '' ? `${resource}.${version}` : `${resource}.${version}.${group}`;
}

/** The entry for one APIRequestCount. */
export function apiRequestCountEntry(object: ApiRequestCount): ApiRequestCountEntry {
  const status = object.status ?? {};
  const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  return {
    resource: object.metadata?.name ?? '',
    removed_in_release: typeof status.removedInRelease === 'string' ? status.removedInRelease : '',
    total_request_count: count(status.requestCount),
    last_day_request_count: count(status.currentHour?.requestCount),
  };
}

/**
 * `conditional/api_request_counts_of_resource_from_alert` {alert_name}: for the APIs the firing
 * instances of the alert name (labels `resource`, `version`, `group`: `APIRemovedInNextReleaseInUse`
 * and its EUS variant), how often they were requested and in which release they go away. No firing
 * instance → no record; an APIRequestCount that does not exist is left out of the list.
 */
export const apiRequestCountsOfResourceFromAlert = defineGatheringFunction({
  description:
    'For each API a firing alert names (its resource, version and group labels), the release removing it and its request counts (last 24 hours, current hour), from its APIRequestCount.',
  paths: ['conditional/alerts/{alert_name}/api_request_counts.json'],
  permissions: [{ group: 'apiserver.openshift.io', resource: 'apirequestcounts', verbs: ['get'] }],
  async gather(ctx) {
    const alertName = stringParam(ctx.params, 'alert_name');
    const instances = firingInstances(conditionalState(ctx.plan), alertName);
    if (instances.length === 0) return [];
    const names = new Set<string>();
    for (const labels of instances) {
      const name = apiRequestCountName(labels);
      if (name === undefined) ctx.warn(`an instance of alert ${alertName} has no "resource" or "version" label: skipped (labels: ${JSON.stringify(labels)})`);
      else names.add(name);
    }
    const entries: ApiRequestCountEntry[] = [];
    for (const name of names) {
      const object = await ctx.kube.get<ApiRequestCount>({ apiVersion: 'apiserver.openshift.io/v1', kind: 'APIRequestCount' }, name);
      if (object === undefined) {
        ctx.log.info(`APIRequestCount ${name} named by alert ${alertName} does not exist`);
        continue;
      }
      entries.push(apiRequestCountEntry(object));
    }
    return [record({ name: `conditional/alerts/${alertName}/api_request_counts`, item: json(entries) })];
  },
});
