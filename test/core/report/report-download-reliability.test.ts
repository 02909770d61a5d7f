/**
 * Reliability property 18(a) against the console simulator and the real Insights client, with time
 * scaled down (pulling delay 200 ms, retry 50 ms, deadline 1 s instead of 60 s / 30 s / 5 min).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Token } from '../../../core/config/token.ts';
import { InsightsClient } from '../../../core/insights/insights-client.ts';
import { createOperatorMetrics } from '../../../core/metrics/operator-metrics.ts';
import { ReportDownloader } from '../../../core/report/report-downloader.ts';
import { computeConditions } from '../../../core/status/compute-conditions.ts';
import { SourceName } from '../../../core/status/condition.ts';
import { StatusSources } from '../../../core/status/status-sources.ts';
import { testOperatorConfig } from '../../helpers/test-operator-config.ts';
import { startConsoleSim } from '../../sim/console/index.ts';
import type { ConsoleSim } from '../../sim/console/index.ts';
import { healthStatuses, reportsReceived, sampleReport } from './report-fixtures.ts';

const TOKEN = 'report-reliability-token';
const CLUSTER = '84ef291d-8f1b-4d28-ab34-cfddff941b84';
const PULLING_DELAY_MS = 200;
const TIMEOUT_MS = 1000;
let consoleSim: ConsoleSim;
let client: InsightsClient;
let dir: string;

beforeAll(async () => {
  consoleSim = await startConsoleSim({ token: TOKEN, clusterId: CLUSTER });
  dir = mkdtempSync(join(tmpdir(), 'report-reliability-'));
  const caBundleFile = join(dir, 'ca.crt');
  writeFileSync(caBundleFile, consoleSim.caPem);
  const config = testOperatorConfig();
  client = new InsightsClient({
    token: () => new Token(TOKEN),
    config: () => config,
    caBundleFile,
    env: {},
    logger: pino({ level: 'silent' }),
    clusterId: async () => CLUSTER,
  });
});

afterAll(async () => {
  await client?.close();
  await consoleSim?.close();
  rmSync(dir, { recursive: true, force: true });
});

function setup() {
  const sources = new StatusSources();
  const metrics = createOperatorMetrics({ processMetrics: false });
  const config = testOperatorConfig({
    token: TOKEN,
    reporting: {
      downloadEndpoint: `${consoleSim.url}/api/insights-results-aggregator/v2/cluster/%s/reports`,
      pullingDelayMs: PULLING_DELAY_MS,
      minRetryMs: 50,
    },
  });
  const downloader = new ReportDownloader({ http: client, config: () => config, sources, metrics, logger: pino({ level: 'silent' }), timeoutMs: TIMEOUT_MS });
  downloader.start();
  return { sources, metrics, downloader };
}

function reportRequests(since: number) {
  return consoleSim.requests.filter((r) => r.route === 'report' && r.at >= since);
}

function downloadDegraded(sources: StatusSources) {
  const conditions = computeConditions([], { sources: sources.snapshot(), disabled: undefined, startedAt: new Date(0), now: new Date() });
  return conditions.find((c) => c.type === 'InsightsDownloadDegraded');
}

describe('report download (reliability 18a)', () => {
  it('pulls no sooner than the pulling delay; 404, 404, 200 sets the health metrics and counts one report', async () => {
    const { sources, metrics, downloader } = setup();
    consoleSim.setReport(CLUSTER, sampleReport('2026-02-01T00:00:00Z'));
    consoleSim.script('report', [{ status: 404, body: { status: 'not yet' } }, { status: 404, body: { status: 'not yet' } }]);
    const t0 = performance.now();
    downloader.archiveUploaded({ requestId: 'upload-1', at: new Date() });
    await downloader.idle();

    const requests = reportRequests(t0);
    expect(requests.map((r) => r.status)).toEqual([404, 404, 200]);
    expect(requests[0]!.at - t0).toBeGreaterThanOrEqual(PULLING_DELAY_MS - 2);
    expect(requests[0]!.path).toBe(`/api/insights-results-aggregator/v2/cluster/${CLUSTER}/reports`);
    expect(requests[0]!.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(await healthStatuses(metrics.registry)).toEqual({ low: 1, moderate: 1, important: 1, critical: 1, total: 4 });
    expect(await reportsReceived(metrics.registry)).toBe(1);
    expect(sources.get(SourceName.downloadingReport)).toMatchObject({ healthy: true });
    expect(downloadDegraded(sources)).toBeUndefined();

    // The same last_checked_at again: "not updated", nothing counted.
    const t1 = performance.now();
    downloader.archiveUploaded({ requestId: 'upload-2', at: new Date() });
    await downloader.idle();
    expect(reportRequests(t1).map((r) => r.status)).toEqual([200]);
    expect(await reportsReceived(metrics.registry)).toBe(1);
  });

  it('takes malformed JSON as an error: InsightsDownloadDegraded=True and no crash', async () => {
    const { sources, metrics, downloader } = setup();
    consoleSim.setReport(CLUSTER, '{"report": {"meta": {"count": 3,');
    downloader.archiveUploaded({ at: new Date() });
    await downloader.idle();
    expect(sources.get(SourceName.downloadingReport)).toMatchObject({ healthy: false, reason: 'UnexpectedError' });
    expect(downloadDegraded(sources)).toMatchObject({ status: 'True', reason: 'UnexpectedError' });
    expect(await reportsReceived(metrics.registry)).toBe(0);

    // The downloader still works afterwards.
    consoleSim.setReport(CLUSTER, sampleReport('2026-02-02T00:00:00Z'));
    downloader.archiveUploaded({ at: new Date() });
    await downloader.idle();
    expect(await reportsReceived(metrics.registry)).toBe(1);
    expect(downloadDegraded(sources)).toBeUndefined();
  });

  it('keeps the whole retrieval within the deadline when the server stalls', async () => {
    const { sources, downloader } = setup();
    consoleSim.script('report', [{ delayMs: 10_000 }]);
    const t0 = performance.now();
    downloader.archiveUploaded({ at: new Date() });
    await downloader.idle();
    const elapsed = performance.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 3000);
    expect(sources.get(SourceName.downloadingReport)).toMatchObject({ healthy: false, reason: 'NotAvailable' });
    expect(downloadDegraded(sources)).toMatchObject({ status: 'True' });
  });

  it('gives up after three 404s with NotAvailable (InsightsDownloadDegraded=True)', async () => {
    const { sources, downloader } = setup();
    consoleSim.script('report', [{ status: 404 }, { status: 404 }, { status: 404 }]);
    const t0 = performance.now();
    downloader.archiveUploaded({ at: new Date() });
    await downloader.idle();
    expect(reportRequests(t0).map((r) => r.status)).toEqual([404, 404, 404]);
    expect(downloadDegraded(sources)).toMatchObject({ status: 'True', reason: 'NotAvailable' });
  });
});
