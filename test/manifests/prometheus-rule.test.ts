import { execFile, spawnSync } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createOperatorMetrics } from '../../core/metrics/operator-metrics.ts';
import { statusReason } from '../../core/ocm/status-reason.ts';
import { ConditionType } from '../../core/status/condition.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const MANIFEST = new URL('../../manifests/08-prometheus-rule.yaml', import.meta.url).pathname;
const PROMTOOL_TESTS = new URL('./insights-alerts.test.yaml', import.meta.url).pathname;
/** The rule file name `insights-alerts.test.yaml` lists in `rule_files`. */
const RULES_FILE = 'insights-rules.yaml';

const run = promisify(execFile);

interface Rule { alert: string; expr: string; for: string; labels: Record<string, string>; annotations: Record<string, string> }
interface PrometheusRule {
  apiVersion: string; kind: string;
  metadata: { name: string; namespace: string };
  spec: { groups: { name: string; rules: Rule[] }[] };
}

const manifest = parse(await readFile(MANIFEST, 'utf8')) as PrometheusRule;

const promtoolMissing = spawnSync('promtool', ['--version']).error !== undefined;
// CI installs Debian's `prometheus` package, which provides promtool; a machine without it may opt out
// explicitly, and only then are these checks skipped instead of failing.
const skipPromtool = promtoolMissing && process.env.INSIGHTS_ALLOW_MISSING_PROMETHEUS === '1';

/** Writes the manifest's `spec.groups` as a plain rule file, next to a copy of the promtool test file. */
async function ruleFiles(): Promise<{ dir: string; rules: string; tests: string }> {
  if (promtoolMissing) {
    throw new Error('promtool is not installed: install the Debian package "prometheus" (apt-get install prometheus), ' +
      'or set INSIGHTS_ALLOW_MISSING_PROMETHEUS=1 to skip the alert rule checks');
  }
  const dir = await tempDir('io-rules-');
  const rules = join(dir, RULES_FILE);
  await writeFile(rules, stringify({ groups: manifest.spec.groups }));
  const tests = join(dir, 'insights-alerts.test.yaml');
  await copyFile(PROMTOOL_TESTS, tests);
  return { dir, rules, tests };
}

async function promtool(args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run('promtool', args, { timeout: 60_000 });
    return stdout + stderr;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}

describe('manifests/08-prometheus-rule.yaml', () => {
  it('is the insights PrometheusRule with the three alerts, each info after 5m', () => {
    expect(manifest.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(manifest.kind).toBe('PrometheusRule');
    expect(manifest.metadata).toMatchObject({ name: 'insights-prometheus-rules', namespace: 'openshift-insights' });
    expect(manifest.spec.groups.map((g) => g.name)).toEqual(['insights']);
    const rules = manifest.spec.groups[0]!.rules;
    expect(rules.map((r) => r.alert)).toEqual(['InsightsDisabled', 'SimpleContentAccessNotAvailable', 'InsightsRecommendationActive']);
    for (const rule of rules) {
      expect(rule.for, rule.alert).toBe('5m');
      expect(rule.labels.severity, rule.alert).toBe('info');
      expect(Object.keys(rule.annotations).sort(), rule.alert).toEqual(['description', 'summary']);
    }
    const recommendation = rules.find((r) => r.alert === 'InsightsRecommendationActive')!;
    for (const label of ['description', 'total_risk', 'info_link']) expect(recommendation.annotations.description).toContain(`$labels.${label}`);
  });

  it('matches on what this operator exports and writes: the recommendation gauge, and the condition types and SCA reason', async () => {
    const rules = new Map(manifest.spec.groups[0]!.rules.map((r) => [r.alert, r.expr]));
    const metrics = createOperatorMetrics();
    metrics.setActiveRecommendations([{ ruleId: 'r.report', errorKey: 'K', description: 'd', totalRisk: 3 }]);
    const exposition = await metrics.registry.metrics();
    expect(exposition).toMatch(/^insights_recommendation_active\{description="d",total_risk="Important",info_link="[^"]+"\} 1$/m);
    expect(rules.get('InsightsRecommendationActive')).toContain('insights_recommendation_active == 1');
    // cluster_operator_conditions is the cluster-version operator's view of the conditions our status
    // controller writes: the names and reason in the expressions must be the ones we write.
    expect(rules.get('InsightsDisabled')).toContain(`condition="${ConditionType.disabled}"`);
    expect(rules.get('SimpleContentAccessNotAvailable')).toContain(`condition="${ConditionType.scaAvailable}"`);
    expect(rules.get('SimpleContentAccessNotAvailable')).toContain(`reason="${statusReason(404)}"`);
  });

  it.skipIf(skipPromtool)('passes promtool check rules', async () => {
    const { rules } = await ruleFiles();
    expect(await promtool(['check', 'rules', rules])).toMatch(/SUCCESS: 3 rules found/);
  }, 60_000);

  it.skipIf(skipPromtool)('passes the promtool unit tests of test/manifests/insights-alerts.test.yaml', async () => {
    const { tests } = await ruleFiles();
    expect(await promtool(['test', 'rules', tests])).toMatch(/SUCCESS/);
  }, 60_000);

  it.skipIf(skipPromtool)('the promtool unit tests catch a changed rule (a shorter "for")', async () => {
    const { rules, tests } = await ruleFiles();
    const shorter = { groups: manifest.spec.groups.map((g) => ({ ...g, rules: g.rules.map((r) => ({ ...r, for: '1m' })) })) };
    await writeFile(rules, stringify(shorter));
    await expect(promtool(['test', 'rules', tests])).rejects.toThrow(/FAILED/);
  }, 60_000);
});
