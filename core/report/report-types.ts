/**
 * The Insights report as `insights-results-aggregator` serves it
 * (`GET …/v2/cluster/{id}/reports`, the original's `pkg/insights/types`).
 */

/** The whole answer: `{"report": {...}}`. */
export interface ReportResponse {
  report: SmartProxyReport;
}

/** The report: its metadata and one entry per rule that hit. */
export interface SmartProxyReport {
  meta: ReportMeta;
  data: ReportRule[];
}

/** `report.meta`. */
export interface ReportMeta {
  /** Rules in `data`, disabled ones included. */
  count: number;
  /** When the aggregator last checked the cluster; an unchanged value means "no new report". */
  last_checked_at: string;
  gathered_at: string;
}

/** One rule hit (`RuleWithContentResponse`); only the fields the operator reads are typed strictly. */
export interface ReportRule {
  rule_id: string;
  created_at?: string;
  description: string;
  details?: string;
  reason?: string;
  resolution?: string;
  more_info?: string;
  /** 1 Low, 2 Moderate, 3 Important, 4 Critical. */
  total_risk: number;
  risk_of_change?: number;
  disabled: boolean;
  disable_feedback?: string;
  disabled_at?: string;
  internal?: boolean;
  user_vote?: number;
  /** The rule's template data; its `error_key` names the recommendation in advisor links. */
  extra_data?: unknown;
  tags?: string[];
}
