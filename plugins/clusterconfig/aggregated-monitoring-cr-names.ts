import { defineGatheringFunction, record } from 'insights-operator/plugin-api';
import type { GatherContext } from 'insights-operator/plugin-api';
import { goJson } from './go-json.ts';

const GROUP = 'monitoring.coreos.com';
/** The platform's own instances live here; only the others are counted. */
const PLATFORM_NAMESPACE = 'openshift-monitoring';

/**
 * `clusterconfig/aggregated_monitoring_cr_names`: the names of the Prometheus and Alertmanager
 * resources (prometheus-operator, `monitoring.coreos.com`) outside `openshift-monitoring`, that is the
 * monitoring stacks users run next to the platform's. A list with no such resource is `null`, as the
 * original writes an empty Go slice. A cluster that serves neither kind records nothing.
 */
export const aggregatedMonitoringCrNames = defineGatheringFunction({
  description: 'The names of the Prometheus and Alertmanager resources outside openshift-monitoring.',
  paths: ['aggregated/custom_prometheuses_alertmanagers.json'],
  permissions: [
    { group: GROUP, resource: 'prometheuses', verbs: ['list'] },
    { group: GROUP, resource: 'alertmanagers', verbs: ['list'] },
  ],
  async *gather(ctx) {
    const [prometheus, alertmanager] = await Promise.all([ctx.kube.discover(GROUP, 'prometheuses'), ctx.kube.discover(GROUP, 'alertmanagers')]);
    // Without the prometheus-operator's CRDs there is nothing to count (OpenShift always has them).
    if (prometheus === undefined && alertmanager === undefined) return;
    const prometheuses = prometheus === undefined ? [] : await namesOutsidePlatform(ctx, prometheus);
    const alertmanagers = alertmanager === undefined ? [] : await namesOutsidePlatform(ctx, alertmanager);
    yield record({
      name: 'aggregated/custom_prometheuses_alertmanagers',
      item: goJson({ prometheuses: prometheuses.length === 0 ? null : prometheuses, alertmanagers: alertmanagers.length === 0 ? null : alertmanagers }),
    });
  },
});

async function namesOutsidePlatform(ctx: GatherContext<unknown>, type: { apiVersion: string; kind: string }): Promise<string[]> {
  const names: string[] = [];
  for await (const object of ctx.kube.list(type)) {
    if (object.metadata?.namespace !== PLATFORM_NAMESPACE) names.push(object.metadata?.name ?? '');
  }
  return names;
}
