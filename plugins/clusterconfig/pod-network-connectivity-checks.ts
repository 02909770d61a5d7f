import { coreServices, defineGatheringFunction, record } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { goJson } from './go-json.ts';
import { compareGoTimes, formatGoTime, goTimeOf, parseGoTime } from './go-time.ts';
import type { GoTime } from './go-time.ts';

/** Only checks that started within this window are summarized. */
export const PNCC_WINDOW_MS = 24 * 3_600_000;

interface LogEntry {
  time?: string | null;
  success?: boolean;
  reason?: string;
  message?: string;
}

interface PodNetworkConnectivityCheck extends KubeObject {
  status?: {
    failures?: LogEntry[] | null;
    outages?: Array<{ startLogs?: LogEntry[] | null; endLogs?: LogEntry[] | null } | null> | null;
    [key: string]: unknown;
  };
}

/**
 * `clusterconfig/pod_network_connectivity_checks`: the failures that the network connectivity checks
 * between control-plane endpoints logged over the last day, as reason → message → latest time. Only
 * this summary is kept, however many checks the cluster runs.
 */
export const podNetworkConnectivityChecks = defineGatheringFunction({
  description: 'Failed PodNetworkConnectivityCheck log entries of the last 24 hours: for each reason and message, the time of the latest.',
  paths: ['config/podnetworkconnectivitychecks.json'],
  permissions: [{ group: 'controlplane.operator.openshift.io', resource: 'podnetworkconnectivitychecks', verbs: ['list'] }],
  services: { clock: coreServices.clock },
  async *gather(ctx) {
    // Without the CRD the original's list fails with NotFound; here an absent kind writes nothing, where
    // a served kind without checks still writes an empty summary.
    if ((await ctx.kube.discover('controlplane.operator.openshift.io', 'podnetworkconnectivitychecks')) === undefined) return;
    const oldest = goTimeOf(new Date(ctx.services.clock.now().getTime() - PNCC_WINDOW_MS));
    const reasons = new Map<string, Map<string, GoTime>>();
    const consider = (entries: LogEntry[] | null | undefined): void => {
      for (const entry of entries ?? []) {
        if (typeof entry !== 'object' || entry === null) continue;
        const start = parseGoTime(entry.time);
        // An entry without a time is Go's zero time, long before the window.
        if (start === undefined || compareGoTimes(start, oldest) < 0 || entry.success === true) continue;
        const messages = reasons.get(entry.reason ?? '') ?? new Map<string, GoTime>();
        reasons.set(entry.reason ?? '', messages);
        const seen = messages.get(entry.message ?? '');
        if (seen === undefined || compareGoTimes(start, seen) > 0) messages.set(entry.message ?? '', start);
      }
    };
    const type = { apiVersion: 'controlplane.operator.openshift.io/v1alpha1', kind: 'PodNetworkConnectivityCheck' };
    for await (const check of ctx.kube.list<PodNetworkConnectivityCheck>(type)) {
      consider(check.status?.failures);
      for (const outage of check.status?.outages ?? []) {
        consider(outage?.startLogs);
        consider(outage?.endLogs);
      }
    }
    const summary = new Map([...reasons].map(([reason, messages]) => [reason, new Map([...messages].map(([m, t]) => [m, formatGoTime(t)]))]));
    yield record({ name: 'config/podnetworkconnectivitychecks', item: goJson(summary) });
  },
});
