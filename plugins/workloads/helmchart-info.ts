import { createHash } from 'node:crypto';
import { defineGatheringFunction, KubeApiError, record } from 'insights-operator/plugin-api';
import type { ResourceType } from 'insights-operator/plugin-api';
import { goJson } from './go-json.ts';
import { helmChartNameAndVersion } from './helm-chart-name.ts';

/** The kinds the original counts, in its order, with the resource name it records. */
const HELM_RESOURCES: ReadonlyArray<{ type: ResourceType; resource: string }> = [
  { type: { apiVersion: 'apps/v1', kind: 'ReplicaSet' }, resource: 'replicasets' },
  { type: { apiVersion: 'apps/v1', kind: 'DaemonSet' }, resource: 'daemonsets' },
  { type: { apiVersion: 'apps/v1', kind: 'StatefulSet' }, resource: 'statefulsets' },
  { type: { apiVersion: 'v1', kind: 'Service' }, resource: 'services' },
  { type: { apiVersion: 'apps/v1', kind: 'Deployment' }, resource: 'deployments' },
];

/** One chart in a namespace (`HelmChartInfo`; field order is the JSON's). */
interface HelmChartInfo {
  name: string;
  version: string;
  resources: Map<string, number>;
}

/**
 * `workloads/helmchart_info`: per hex SHA-256 of the namespace, the Helm charts
 * (`app.kubernetes.io/managed-by=Helm`, named by `helm.sh/chart`) and how many of each counted kind
 * they deployed. No record when nothing is Helm-managed.
 */
export const helmchartInfo = defineGatheringFunction({
  description: 'Counts of Helm-managed ReplicaSets, DaemonSets, StatefulSets, Services and Deployments per chart and hashed namespace.',
  paths: ['config/helmchart_info.json'],
  permissions: [
    { group: 'apps', resource: 'replicasets', verbs: ['list'] },
    { group: 'apps', resource: 'daemonsets', verbs: ['list'] },
    { group: 'apps', resource: 'statefulsets', verbs: ['list'] },
    { resource: 'services', verbs: ['list'] },
    { group: 'apps', resource: 'deployments', verbs: ['list'] },
  ],
  async *gather(ctx) {
    const namespaces = new Map<string, HelmChartInfo[]>();
    for (const { type, resource } of HELM_RESOURCES) {
      try {
        for await (const item of ctx.kube.list(type, { labelSelector: 'app.kubernetes.io/managed-by=Helm' })) {
          const { name, version } = helmChartNameAndVersion(item.metadata?.labels?.['helm.sh/chart'] ?? '');
          // Some Helm-managed objects do not name their chart.
          if (name === '' && version === '') continue;
          const hash = createHash('sha256').update(item.metadata?.namespace ?? '', 'utf8').digest('hex');
          const charts = namespaces.get(hash) ?? [];
          namespaces.set(hash, charts);
          const chart = charts.find((c) => c.name === name && c.version === version);
          if (chart === undefined) charts.push({ name, version, resources: new Map([[resource, 1]]) });
          else chart.resources.set(resource, (chart.resources.get(resource) ?? 0) + 1);
        }
      } catch (err) {
        // As the original: a kind the API does not serve ends the function without a record or error.
        if (err instanceof KubeApiError && err.statusCode === 404) return;
        ctx.reportError(err instanceof Error ? err : new Error(String(err)));
      }
    }
    if (namespaces.size > 0) yield record({ name: 'config/helmchart_info', item: goJson(namespaces) });
  },
});
