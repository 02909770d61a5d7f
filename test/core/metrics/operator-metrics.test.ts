import { describe, expect, it } from 'vitest';
import type { Registry } from 'prom-client';
import { createOperatorMetrics } from '../../../core/metrics/operator-metrics.ts';
import type { FunctionReport } from '../../../core/runner/function-report.ts';

interface Sample { labels: Record<string, string | number>; value: number }

async function samples(registry: Registry, name: string): Promise<Sample[]> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  if (metric === undefined) throw new Error(`metric ${name} is not registered`);
  return (metric as unknown as { values: Sample[] }).values.map((v) => ({ labels: { ...v.labels }, value: v.value }));
}

async function typeOf(registry: Registry, name: string): Promise<string | undefined> {
  return (await registry.getMetricsAsJSON()).find((m) => m.name === name)?.type as string | undefined;
}

function report(plugin: string, fn: string, status: FunctionReport['status'], durationMs: number): FunctionReport {
  return { name: `${plugin}/${fn}`, plugin, status, durationMs, recordsCount: 1, errors: [], warnings: [], panic: null, startedAtMs: 0 };
}

describe('createOperatorMetrics: the original metrics', () => {
  it('uses its own registry, not the global one', async () => {
    const a = createOperatorMetrics({ processMetrics: false });
    const b = createOperatorMetrics({ processMetrics: false });
    expect(a.registry).not.toBe(b.registry);
    const { register } = await import('prom-client');
    expect(register.getSingleMetric('insightsclient_request_send_total')).toBeUndefined();
  });

  it('registers the four original metrics with their types', async () => {
    const { registry } = createOperatorMetrics({ processMetrics: false });
    expect(await typeOf(registry, 'insightsclient_request_send_total')).toBe('counter');
    expect(await typeOf(registry, 'insightsclient_request_recvreport_total')).toBe('counter');
    expect(await typeOf(registry, 'health_statuses_insights')).toBe('gauge');
    expect(await typeOf(registry, 'insights_recommendation_active')).toBe('gauge');
    const text = await registry.metrics();
    expect(text).toContain('# HELP insightsclient_request_send_total Tracks the number of archives sent\n');
    expect(text).toContain('# HELP insightsclient_request_recvreport_total Tracks the number of insights reports received/downloaded\n');
    expect(text).toContain('# HELP health_statuses_insights Information about the cluster health status as detected by Insights tooling.\n');
  });

  it('starts health_statuses_insights at -1 for low, moderate, important, critical and total', async () => {
    const { registry } = createOperatorMetrics({ processMetrics: false });
    const values = await samples(registry, 'health_statuses_insights');
    expect(values).toEqual(['low', 'moderate', 'important', 'critical', 'total'].map((metric) => ({ labels: { metric }, value: -1 })));
    const text = await registry.metrics();
    expect(text).toContain('health_statuses_insights{metric="critical"} -1\n');
  });

  it('sets health statuses from a report', async () => {
    const metrics = createOperatorMetrics({ processMetrics: false });
    metrics.setHealthStatuses({ low: 1, moderate: 2, important: 0, critical: 3, total: 6 });
    const byMetric = Object.fromEntries((await samples(metrics.registry, 'health_statuses_insights')).map((s) => [s.labels.metric, s.value]));
    expect(byMetric).toEqual({ low: 1, moderate: 2, important: 0, critical: 3, total: 6 });
  });

  it('counts sends with client="insights" and report downloads per client and status code', async () => {
    const metrics = createOperatorMetrics({ processMetrics: false });
    metrics.countArchiveSend(202);
    metrics.countArchiveSend(202);
    metrics.countArchiveSend(0);
    metrics.countReportReceived(200);
    metrics.countReportReceived(200, 'default');
    const text = await metrics.registry.metrics();
    expect(text).toContain('insightsclient_request_send_total{client="insights",status_code="202"} 2\n');
    expect(text).toContain('insightsclient_request_send_total{client="insights",status_code="0"} 1\n');
    expect(text).toContain('insightsclient_request_recvreport_total{client="insights",status_code="200"} 1\n');
    expect(text).toContain('insightsclient_request_recvreport_total{client="default",status_code="200"} 1\n');
  });

  it('reports each active recommendation with value 1 and the advisor link, and only the current ones', async () => {
    const metrics = createOperatorMetrics({ processMetrics: false });
    expect(await samples(metrics.registry, 'insights_recommendation_active')).toEqual([]);
    metrics.setClusterId('0a1b-c2');
    metrics.setActiveRecommendations([
      { ruleId: 'ccx_rules_ocp.external.rules.nodes_kubelet_version_check.report', errorKey: 'NODE_KUBELET_VERSION', description: 'Kubelet too old', totalRisk: 2 },
      { ruleId: 'some.rule', errorKey: 'KEY', description: 'Critical thing', totalRisk: 4 },
    ]);
    expect(await samples(metrics.registry, 'insights_recommendation_active')).toEqual([
      {
        labels: {
          description: 'Kubelet too old',
          total_risk: 'Moderate',
          info_link: 'https://console.redhat.com/openshift/insights/advisor/clusters/0a1b-c2?first=ccx_rules_ocp.external.rules.nodes_kubelet_version_check%7CNODE_KUBELET_VERSION',
        },
        value: 1,
      },
      {
        labels: { description: 'Critical thing', total_risk: 'Critical', info_link: 'https://console.redhat.com/openshift/insights/advisor/clusters/0a1b-c2?first=some.rule%7CKEY' },
        value: 1,
      },
    ]);
    metrics.setActiveRecommendations([{ ruleId: 'r', errorKey: 'E', description: 'd', totalRisk: 9 }]);
    const after = await samples(metrics.registry, 'insights_recommendation_active');
    expect(after).toHaveLength(1);
    expect(after[0]?.labels.total_risk).toBe('Invalid');
  });

  it('adds the Node process metrics unless asked not to', async () => {
    const withProcess = createOperatorMetrics();
    expect(await withProcess.registry.metrics()).toContain('process_cpu_user_seconds_total');
    const without = createOperatorMetrics({ processMetrics: false });
    expect(await without.registry.metrics()).not.toContain('process_cpu_user_seconds_total');
  });
});

describe('createOperatorMetrics: gather metrics', () => {
  it('starts with insights_plugins at 0 and sets it from the loader', async () => {
    const metrics = createOperatorMetrics({ processMetrics: false });
    expect(await samples(metrics.registry, 'insights_plugins')).toEqual([
      { labels: { state: 'loaded' }, value: 0 },
      { labels: { state: 'failed' }, value: 0 },
    ]);
    metrics.setPlugins({ loaded: 3, failed: 1 });
    expect(await metrics.registry.metrics()).toContain('insights_plugins{state="failed"} 1\n');
  });

  it('recordGather sets durations, one status per function, archive sizes and drops', async () => {
    const metrics = createOperatorMetrics({ processMetrics: false });
    metrics.recordGather(
      [report('clusterconfig', 'nodes', 'ok', 1500), report('clusterconfig', 'operators', 'timeout', 300_000), report('extra', 'things', 'panic', 20)],
      { uncompressedBytes: 4096, compressedBytes: 1024, droppedRecords: { too_large: 2, duplicate_name: 0 } },
    );
    const durations = await samples(metrics.registry, 'insights_gather_function_duration_seconds');
    expect(durations).toEqual([
      { labels: { plugin: 'clusterconfig', function: 'nodes' }, value: 1.5 },
      { labels: { plugin: 'clusterconfig', function: 'operators' }, value: 300 },
      { labels: { plugin: 'extra', function: 'things' }, value: 0.02 },
    ]);
    const status = await samples(metrics.registry, 'insights_gather_function_status');
    expect(status).toHaveLength(3 * 6);
    const ones = status.filter((s) => s.value === 1).map((s) => s.labels);
    expect(ones).toEqual([
      { plugin: 'clusterconfig', function: 'nodes', status: 'ok' },
      { plugin: 'clusterconfig', function: 'operators', status: 'timeout' },
      { plugin: 'extra', function: 'things', status: 'panic' },
    ]);
    const text = await metrics.registry.metrics();
    expect(text).toContain('insights_gather_archive_bytes{kind="uncompressed"} 4096\n');
    expect(text).toContain('insights_gather_archive_bytes{kind="compressed"} 1024\n');
    expect(text).toContain('insights_gather_records_dropped_total{reason="too_large"} 2\n');
    expect(text).not.toContain('reason="duplicate_name"');
  });

  it('a later gather replaces the function series and adds to the dropped counter', async () => {
    const metrics = createOperatorMetrics({ processMetrics: false });
    metrics.recordGather([report('clusterconfig', 'nodes', 'error', 10), report('clusterconfig', 'gone', 'ok', 10)], {
      uncompressedBytes: 10, compressedBytes: 5, droppedRecords: { too_large: 1 },
    });
    metrics.recordGather([report('clusterconfig', 'nodes', 'ok', 20)], { uncompressedBytes: 20, compressedBytes: 8, droppedRecords: { too_large: 3 } });
    const status = await samples(metrics.registry, 'insights_gather_function_status');
    expect(status.filter((s) => s.labels.function === 'gone')).toEqual([]);
    expect(status.filter((s) => s.value === 1).map((s) => s.labels.status)).toEqual(['ok']);
    expect(await samples(metrics.registry, 'insights_gather_function_duration_seconds')).toEqual([
      { labels: { plugin: 'clusterconfig', function: 'nodes' }, value: 0.02 },
    ]);
    const text = await metrics.registry.metrics();
    expect(text).toContain('insights_gather_records_dropped_total{reason="too_large"} 4\n');
    expect(text).toContain('insights_gather_archive_bytes{kind="compressed"} 8\n');
  });
});

describe('createOperatorMetrics: storage metrics', () => {
  it('reports whether the disk guard blocks new archives, and counts pruned archives', async () => {
    const metrics = createOperatorMetrics({ processMetrics: false });
    expect(await samples(metrics.registry, 'insights_storage_writes_blocked')).toEqual([{ labels: {}, value: 0 }]);
    metrics.setStorageBlocked(true);
    expect(await samples(metrics.registry, 'insights_storage_writes_blocked')).toEqual([{ labels: {}, value: 1 }]);
    metrics.setStorageBlocked(false);
    expect(await samples(metrics.registry, 'insights_storage_writes_blocked')).toEqual([{ labels: {}, value: 0 }]);
    metrics.countPruned(3);
    metrics.countPruned(0);
    metrics.countPruned(2);
    expect(await samples(metrics.registry, 'insights_archives_pruned_total')).toEqual([{ labels: {}, value: 5 }]);
  });
});
