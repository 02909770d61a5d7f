/** Reports and metric readers shared by the report downloader's tests. */
import type { Registry } from 'prom-client';

function rule(id: string, errorKey: string | undefined, totalRisk: number, disabled = false) {
  return {
    rule_id: id,
    created_at: '2026-01-01T00:00:00Z',
    description: `description of ${id}`,
    details: 'details', reason: '', resolution: '', more_info: '',
    total_risk: totalRisk, risk_of_change: 0,
    disabled, disable_feedback: '', disabled_at: '', internal: false, user_vote: 0,
    extra_data: errorKey === undefined ? {} : { error_key: errorKey, type: 'rule' },
    tags: [],
  };
}

/** A report with one rule per risk, one disabled rule and (optionally) one without an error key. */
export function sampleReport(lastCheckedAt = '2026-01-01T10:00:00Z', options: { withoutErrorKey?: boolean } = {}) {
  const data = [
    rule('ccx_rules_ocp.external.rules.low.report', 'LOW_KEY', 1),
    rule('ccx_rules_ocp.external.rules.moderate.report', 'MODERATE_KEY', 2),
    rule('ccx_rules_ocp.external.rules.important.report', 'IMPORTANT_KEY', 3),
    rule('ccx_rules_ocp.external.rules.critical.report', 'CRITICAL_KEY', 4),
    rule('ccx_rules_ocp.external.rules.disabled.report', 'DISABLED_KEY', 4, true),
    ...(options.withoutErrorKey === true ? [rule('ccx_rules_ocp.external.rules.nokey.report', undefined, 2)] : []),
  ];
  return { report: { meta: { count: data.length, last_checked_at: lastCheckedAt, gathered_at: '2026-01-01T09:59:00Z' }, data } };
}

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
