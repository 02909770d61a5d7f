/** Reports and metric readers shared by the report downloader's tests. */
import type { Registry } from 'prom-client';

export { sampleReport } from '../../sim/console/sample-report.ts';

/** One sample's value of a metric, or undefined when the metric or sample is absent. */
export async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const sample = metric?.values.find((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want));
  return sample?.value;
}

/** The `health_statuses_insights` gauge as a record. */
export async function healthStatuses(registry: Registry): Promise<Record<string, number | undefined>> {
  const out: Record<string, number | undefined> = {};
  for (const metric of ['low', 'moderate', 'important', 'critical', 'total']) out[metric] = await metricValue(registry, 'health_statuses_insights', { metric });
  return out;
}

/** The total of `insightsclient_request_recvreport_total` over all labels. */
export async function reportsReceived(registry: Registry): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'insightsclient_request_recvreport_total');
  return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
}

/** The active recommendations' label sets. */
export async function activeRecommendations(registry: Registry): Promise<Array<Record<string, string | number>>> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'insights_recommendation_active');
  return (metric?.values ?? []).map((v) => v.labels as Record<string, string | number>);
}
