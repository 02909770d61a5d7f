import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../core/report/parse-report.ts';
import { healthChecksOf, summarizeReport } from '../../../core/report/report-summary.ts';
import { sampleReport } from './report-fixtures.ts';

const parse = (value: unknown) => parseReport(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));

describe('parseReport', () => {
  it('reads a report', () => {
    const result = parse(sampleReport());
    expect(result.ok && result.report.data).toHaveLength(5);
    expect(result.ok && result.report.meta.last_checked_at).toBe('2026-01-01T10:00:00Z');
  });
  it('takes zero values for absent members, as Go does', () => {
    expect(parse({ report: {} })).toEqual({ ok: true, report: { meta: { count: 0, last_checked_at: '', gathered_at: '' }, data: [] } });
  });
  it('refuses bodies that are not a report', () => {
    for (const body of ['<html>bad gateway</html>', '{}', '{"report":[]}', '{"report":{"data":{}}}', '{"report":{"meta":{"count":"3"}}}', '{"report":{"data":[{"total_risk":"high"}]}}', '{"report":{"data":[{"disabled":"yes"}]}}']) {
      expect(parse(body).ok, body).toBe(false);
    }
  });
});

describe('summarizeReport', () => {
  it('counts enabled rules by risk; total is meta.count minus disabled rules', () => {
    const result = parse(sampleReport());
    if (!result.ok) throw new Error('parse');
    const summary = summarizeReport(result.report, false);
    expect(summary.counts).toEqual({ low: 1, moderate: 1, important: 1, critical: 1, total: 4 });
    expect(summary.recommendations.map((r) => r.errorKey)).toEqual(['LOW_KEY', 'MODERATE_KEY', 'IMPORTANT_KEY', 'CRITICAL_KEY']);
  });
  it('leaves out rules without an error key, and every recommendation when alerting is disabled', () => {
    const result = parse(sampleReport('x', { withoutErrorKey: true }));
    if (!result.ok) throw new Error('parse');
    const summary = summarizeReport(result.report, false);
    expect(summary.counts).toMatchObject({ moderate: 2, total: 5 });
    expect(summary.withoutErrorKey).toEqual(['ccx_rules_ocp.external.rules.nokey.report']);
    const disabled = summarizeReport(result.report, true);
    expect(disabled.recommendations).toEqual([]);
    expect(disabled.counts).toEqual(summary.counts);
  });
});

describe('healthChecksOf', () => {
  it('lists every rule with an error key, disabled ones marked, with advisor links', () => {
    const result = parse(sampleReport());
    if (!result.ok) throw new Error('parse');
    const checks = healthChecksOf(result.report, 'cid');
    expect(checks).toHaveLength(5);
    expect(checks[4]).toEqual({
      description: 'description of ccx_rules_ocp.external.rules.disabled.report',
      totalRisk: 4,
      state: 'Disabled',
      advisorURI: 'https://console.redhat.com/openshift/insights/advisor/clusters/cid?first=ccx_rules_ocp.external.rules.disabled%7CDISABLED_KEY',
    });
    expect(checks[0]?.state).toBe('Enabled');
  });
});
