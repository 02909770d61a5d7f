/** A plausible Insights report, for the report endpoint of the simulator, its tests and the local demo. */

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

