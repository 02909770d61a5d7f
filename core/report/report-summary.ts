import type { HealthStatusCounts } from '../metrics/operator-metrics.ts';
import { insightsAdvisorLink } from '../metrics/recommendation-collector.ts';
import type { InsightsRecommendation } from '../metrics/recommendation-collector.ts';
import type { ReportRule, SmartProxyReport } from './report-types.ts';

/** One entry of `InsightsOperator` `status.insightsReport.healthChecks` (openshift/api `HealthCheck`). */
export interface HealthCheck {
  description: string;
  totalRisk: number;
  state: 'Enabled' | 'Disabled';
  advisorURI: string;
}

/** What the metrics take from a report. */
export interface ReportSummary {
  /** `health_statuses_insights`: enabled rules by total risk; `total` is `meta.count` minus the disabled rules. */
  counts: HealthStatusCounts;
  /** `insights_recommendation_active`: the enabled rules with an error key (none when alerting is disabled). */
  recommendations: InsightsRecommendation[];
  /** Enabled rules left out of the recommendations because their `extra_data.error_key` is missing. */
  withoutErrorKey: string[];
}

/** A rule's `extra_data.error_key`, or `undefined` when it has none (the original then skips the rule). */
export function errorKeyOf(rule: ReportRule): string | undefined {
  const extra = rule.extra_data;
  if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) return undefined;
  const key = (extra as Record<string, unknown>)['error_key'];
  return typeof key === 'string' ? key : undefined;
}

/** The original's `readInsightsReport`: counts by risk and the active recommendations. */
export function summarizeReport(report: SmartProxyReport, alertingDisabled: boolean): ReportSummary {
  const counts: HealthStatusCounts = { low: 0, moderate: 0, important: 0, critical: 0, total: report.meta.count };
  const recommendations: InsightsRecommendation[] = [];
  const withoutErrorKey: string[] = [];
  for (const rule of report.data) {
    if (rule.disabled) {
      counts.total -= 1;
      continue;
    }
    switch (rule.total_risk) {
      case 1: counts.low += 1; break;
      case 2: counts.moderate += 1; break;
      case 3: counts.important += 1; break;
      case 4: counts.critical += 1; break;
      default: break;
    }
    if (alertingDisabled) continue;
    const errorKey = errorKeyOf(rule);
    if (errorKey === undefined) {
      withoutErrorKey.push(rule.rule_id);
      continue;
    }
    recommendations.push({ ruleId: rule.rule_id, errorKey, description: rule.description, totalRisk: rule.total_risk });
  }
  return { counts, recommendations, withoutErrorKey };
}

/** The `healthChecks` of the InsightsOperator status: every rule with an error key, disabled ones marked so. */
export function healthChecksOf(report: SmartProxyReport, clusterId: string): HealthCheck[] {
  const checks: HealthCheck[] = [];
  for (const rule of report.data) {
    const errorKey = errorKeyOf(rule);
    if (errorKey === undefined) continue;
    const ruleId = rule.rule_id.endsWith('.report') ? rule.rule_id.slice(0, -'.report'.length) : rule.rule_id;
    checks.push({
      description: rule.description,
      totalRisk: rule.total_risk,
      state: rule.disabled ? 'Disabled' : 'Enabled',
      advisorURI: insightsAdvisorLink(clusterId, ruleId, errorKey),
    });
  }
  return checks;
}
