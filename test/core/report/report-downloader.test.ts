import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OperatorConfig } from '../../../core/config/merge-config.ts';
import { operatorError } from '../../../core/errors/codes.ts';
import { createOperatorMetrics } from '../../../core/metrics/operator-metrics.ts';
import { ReportDownloader } from '../../../core/report/report-downloader.ts';
import { SourceName } from '../../../core/status/condition.ts';
import { StatusSources } from '../../../core/status/status-sources.ts';
import { captureLogger } from '../../helpers/capture-logger.ts';
import { FakeInsightsHttp, fakeResponse, hangUntilAborted } from '../../helpers/fake-insights-http.ts';
import { testOperatorConfig } from '../../helpers/test-operator-config.ts';
import { useKubeSim } from '../../sim/kube/harness.ts';
import { activeRecommendations, healthStatuses, reportsReceived, sampleReport } from './report-fixtures.ts';

const kube = await useKubeSim({ fixture: 'sample' });
const CLUSTER = '84ef291d-8f1b-4d28-ab34-cfddff941b84';
const ENDPOINT = 'https://console.example/api/insights-results-aggregator/v2/cluster/%s/reports';
let kc: KubeConfig;

beforeAll(() => {
  kc = new KubeConfig();
  kc.loadFromFile(kube.kubeconfigPath);
});

function setup(options: { config?: Readonly<OperatorConfig>; kube?: boolean; timeoutMs?: number; logger?: pino.Logger } = {}) {
  const http = new FakeInsightsHttp({ clusterId: CLUSTER });
  const sources = new StatusSources();
  const metrics = createOperatorMetrics({ processMetrics: false });
  const config = options.config ?? testOperatorConfig({ reporting: { downloadEndpoint: ENDPOINT, pullingDelayMs: 40, minRetryMs: 10 } });
  const downloader = new ReportDownloader({
    http, config: () => config, sources, metrics,
    logger: options.logger ?? pino({ level: 'silent' }),
    random: () => 0.5,
    ...(options.kube === true ? { kubeConfig: kc } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  downloader.start();
  return { http, sources, metrics, downloader, status: () => sources.get(SourceName.downloadingReport) };
}

async function triggerAndWait(downloader: ReportDownloader): Promise<number> {
  const at = performance.now();
  downloader.archiveUploaded({ requestId: 'req-1', at: new Date() });
  await downloader.idle();
  return at;
}

describe('ReportDownloader', () => {
  it('starts healthy, then GETs the report with the bearer token after the pulling delay', async () => {
    const { http, downloader, status } = setup();
    expect(status()).toMatchObject({ healthy: true, ready: true });
    http.script(fakeResponse(200, sampleReport()));
    const at = await triggerAndWait(downloader);
    expect(http.requests).toHaveLength(1);
    expect(http.requests[0]).toMatchObject({ method: 'GET', auth: 'bearer', url: ENDPOINT.replace('%s', CLUSTER) });
    // Jitter(40 ms, 0.1) with random 0.5 = 42 ms; timers may fire a little early, never much.
    expect(http.requests[0]!.at - at).toBeGreaterThanOrEqual(38);
  });

  it('retries 404 twice; 404, 404, 200 sets the metrics and counts one report', async () => {
    const { http, downloader, metrics, status } = setup();
    http.script(fakeResponse(404), fakeResponse(404), fakeResponse(200, sampleReport()));
    await triggerAndWait(downloader);
    expect(http.requests).toHaveLength(3);
    expect(await healthStatuses(metrics.registry)).toEqual({ low: 1, moderate: 1, important: 1, critical: 1, total: 4 });
    expect(await reportsReceived(metrics.registry)).toBe(1);
    const recs = await activeRecommendations(metrics.registry);
    expect(recs).toHaveLength(4);
    expect(recs.find((r) => r['total_risk'] === 'Critical')?.['info_link']).toBe(
      `https://console.redhat.com/openshift/insights/advisor/clusters/${CLUSTER}?first=ccx_rules_ocp.external.rules.critical%7CCRITICAL_KEY`,
    );
    expect(status()).toMatchObject({ healthy: true });
  });

  it('gives up after three 404s with NotAvailable', async () => {
    const { http, downloader, metrics, status } = setup();
    http.fallback = fakeResponse(404, 'Item with ID x was not found in the storage');
    await triggerAndWait(downloader);
    expect(http.requests).toHaveLength(3);
    expect(status()).toMatchObject({ healthy: false, reason: 'NotAvailable' });
    expect(status()?.message).toContain('not found');
    expect(await healthStatuses(metrics.registry)).toEqual({ low: -1, moderate: -1, important: -1, critical: -1, total: -1 });
    expect(await reportsReceived(metrics.registry)).toBe(0);
  });

  it('retries while the cluster ID is not known yet', async () => {
    const { http, downloader, status } = setup();
    http.cluster = operatorError('IO_INSIGHTS_NO_CLUSTER_ID', 'no ClusterVersion');
    await triggerAndWait(downloader);
    expect(http.requests).toHaveLength(0);
    expect(status()).toMatchObject({ healthy: false, reason: 'NotAvailable' });
  });

  it.each([
    [401, 'NotAuthorized'],
    [403, 'NotAuthorized'],
    [500, 'UnexpectedError'],
    [400, 'UnexpectedError'],
  ])('answers %i with %s and no retry', async (code, reason) => {
    const { http, downloader, status } = setup();
    http.fallback = fakeResponse(code);
    await triggerAndWait(downloader);
    expect(http.requests).toHaveLength(1);
    expect(status()).toMatchObject({ healthy: false, reason });
  });

  it('reports UnexpectedError on a transport error', async () => {
    const { http, downloader, status } = setup();
    http.script(new Error('GET x got no HTTP response (reset): socket hang up'));
    await triggerAndWait(downloader);
    expect(status()).toMatchObject({ healthy: false, reason: 'UnexpectedError' });
    expect(status()?.message).toContain('socket hang up');
  });

  it('treats malformed JSON as UnexpectedError and keeps working', async () => {
    const { http, downloader, metrics, status } = setup();
    http.script(fakeResponse(200, '{"report": {"meta": '));
    await triggerAndWait(downloader);
    expect(status()).toMatchObject({ healthy: false, reason: 'UnexpectedError' });
    expect(await reportsReceived(metrics.registry)).toBe(0);
    http.script(fakeResponse(200, sampleReport()));
    await triggerAndWait(downloader);
    expect(status()).toMatchObject({ healthy: true });
    expect(await reportsReceived(metrics.registry)).toBe(1);
  });

  it('takes an unchanged last_checked_at as "not updated": no metric changes', async () => {
    const { http, downloader, metrics } = setup();
    http.script(fakeResponse(200, sampleReport('2026-01-01T10:00:00Z')));
    await triggerAndWait(downloader);
    const changed = sampleReport('2026-01-01T10:00:00Z');
    changed.report.data = changed.report.data.slice(0, 1);
    changed.report.meta.count = 1;
    http.script(fakeResponse(200, changed));
    await triggerAndWait(downloader);
    expect(http.requests).toHaveLength(2);
    expect(await reportsReceived(metrics.registry)).toBe(1);
    expect(await healthStatuses(metrics.registry)).toMatchObject({ total: 4 });
    http.script(fakeResponse(200, sampleReport('2026-01-01T12:00:00Z')));
    await triggerAndWait(downloader);
    expect(await reportsReceived(metrics.registry)).toBe(2);
  });

  it('sets no active recommendations when alerting is disabled', async () => {
    const config = testOperatorConfig({ reporting: { downloadEndpoint: ENDPOINT, pullingDelayMs: 5, minRetryMs: 5 }, alerting: { disabled: true } });
    const { http, downloader, metrics } = setup({ config });
    http.script(fakeResponse(200, sampleReport()));
    await triggerAndWait(downloader);
    expect(await activeRecommendations(metrics.registry)).toEqual([]);
    expect(await healthStatuses(metrics.registry)).toMatchObject({ critical: 1, total: 4 });
  });

  it('ends a retrieval at its deadline, aborting the hung request', async () => {
    const { http, downloader, status } = setup({ timeoutMs: 150 });
    let aborted = false;
    http.fallback = (request) => {
      request.signal?.addEventListener('abort', () => { aborted = true; });
      return hangUntilAborted(request);
    };
    const at = await triggerAndWait(downloader);
    expect(performance.now() - at).toBeLessThan(5000);
    expect(aborted).toBe(true);
    expect(status()).toMatchObject({ healthy: false, reason: 'NotAvailable' });
    expect(status()?.message).toContain('within 150 ms');
  });

  it('drops an upload signalled while a retrieval runs, as the original', async () => {
    const { http, downloader } = setup();
    http.fallback = fakeResponse(200, sampleReport());
    downloader.archiveUploaded({ at: new Date() });
    downloader.archiveUploaded({ at: new Date() });
    await downloader.idle();
    expect(http.requests).toHaveLength(1);
  });

  it('stop() ends a waiting retrieval at once and ignores later uploads', async () => {
    const config = testOperatorConfig({ reporting: { downloadEndpoint: ENDPOINT, pullingDelayMs: 60_000 } });
    const { http, downloader, status } = setup({ config });
    downloader.archiveUploaded({ at: new Date() });
    const started = performance.now();
    await downloader.stop();
    expect(performance.now() - started).toBeLessThan(1000);
    downloader.archiveUploaded({ at: new Date() });
    await downloader.idle();
    expect(http.requests).toHaveLength(0);
    expect(status()).toMatchObject({ healthy: true });
  });

  it('does nothing without a report endpoint', async () => {
    const config = testOperatorConfig({ reporting: { downloadEndpoint: '', pullingDelayMs: 1 } });
    const { http, downloader, status } = setup({ config });
    await triggerAndWait(downloader);
    expect(http.requests).toHaveLength(0);
    expect(status()).toMatchObject({ healthy: true });
  });

  it('writes status.insightsReport of the InsightsOperator, keeping the rest of its status', async () => {
    const { http, downloader } = setup({ kube: true });
    http.script(fakeResponse(200, sampleReport()));
    const before = Date.now();
    await triggerAndWait(downloader);
    const cr = kube.sim.store.get('operator.openshift.io/v1', 'InsightsOperator', 'cluster') as unknown as {
      status: { insightsReport: { downloadedAt: string; healthChecks: Array<Record<string, unknown>> }; gatherStatus?: unknown };
    };
    expect(cr.status.gatherStatus).toBeDefined();
    expect(Date.parse(cr.status.insightsReport.downloadedAt)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(cr.status.insightsReport.healthChecks).toHaveLength(5);
    expect(cr.status.insightsReport.healthChecks[4]).toMatchObject({ totalRisk: 4, state: 'Disabled' });
    expect(cr.status.insightsReport.healthChecks[0]).toMatchObject({
      state: 'Enabled',
      advisorURI: `https://console.redhat.com/openshift/insights/advisor/clusters/${CLUSTER}?first=ccx_rules_ocp.external.rules.low%7CLOW_KEY`,
    });
  });

  it('skips the InsightsOperator write quietly when there is none', async () => {
    const saved = kube.sim.store.get('operator.openshift.io/v1', 'InsightsOperator', 'cluster')!;
    kube.sim.store.remove('operator.openshift.io/v1', 'InsightsOperator', 'cluster');
    try {
      const captured = captureLogger();
      const { http, downloader, metrics, status } = setup({ kube: true, logger: captured.logger });
      http.script(fakeResponse(200, sampleReport()));
      await triggerAndWait(downloader);
      expect(status()).toMatchObject({ healthy: true });
      expect(await reportsReceived(metrics.registry)).toBe(1);
      expect(captured.text()).not.toContain('"level":50');
    } finally {
      kube.sim.store.add(saved);
    }
  });
});
