import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { OperatorConfig } from '../../../core/config/merge-config.ts';
import { operatorError } from '../../../core/errors/codes.ts';
import { InsightsTransportError } from '../../../core/insights/transport-error.ts';
import { createOperatorMetrics } from '../../../core/metrics/operator-metrics.ts';
import type { OperatorMetrics } from '../../../core/metrics/operator-metrics.ts';
import { StatusSources } from '../../../core/status/status-sources.ts';
import { rfc3339 } from '../../../core/upload/upload-form.ts';
import { reportedAt, Uploader } from '../../../core/upload/uploader.ts';
import type { UploaderOptions } from '../../../core/upload/uploader.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import {
  captureLogger, FakeHttp, memoryLastReported, putArchive, recordingScheduler, sha256, sleep, testConfig, until, validArchive,
} from './upload-fixtures.ts';
import type { FakeReply } from './upload-fixtures.ts';

const MINUTE = 60_000;
/** Past instants, whole seconds, one per minute: archive names are second-resolution. */
const ago = (minutes: number): Date => new Date(Math.floor(Date.now() / 1000) * 1000 - minutes * MINUTE);

async function sendCounts(metrics: OperatorMetrics): Promise<Record<string, number>> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === 'insightsclient_request_send_total');
  const counts: Record<string, number> = {};
  for (const v of (metric as unknown as { values: Array<{ labels: { status_code: string }; value: number }> }).values) counts[v.labels.status_code] = v.value;
  return counts;
}

async function corruptCount(metrics: OperatorMetrics): Promise<number> {
  const match = /^insights_corrupt_archives_total (\d+)$/m.exec(await metrics.registry.metrics());
  return Number(match?.[1]);
}

const running: Uploader[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((u) => u.stop()));
});

interface SetupOptions extends Partial<UploaderOptions> {
  script?: FakeReply[];
  intervalMs?: number;
  configure?: (config: OperatorConfig) => OperatorConfig;
}

async function setup(o: SetupOptions = {}) {
  const dir = await tempDir('uploader-');
  const http = new FakeHttp();
  http.script.push(...(o.script ?? []));
  const box = { config: (o.configure ?? ((c) => c))(testConfig(dir, { intervalMs: o.intervalMs ?? 8_000 })) };
  const sources = new StatusSources();
  const metrics = createOperatorMetrics({ processMetrics: false });
  const log = captureLogger();
  const lastReported = memoryLastReported();
  const uploaded: Array<{ archivePath: string; requestId: string | undefined; at: Date }> = [];
  const reports: Array<{ healthy: boolean; reason: string; message: string; httpStatusCode?: number }> = [];
  const realReport = sources.report.bind(sources);
  sources.report = (name, report) => {
    if (name === 'Uploading') reports.push({ ...report });
    return realReport(name, report);
  };
  const scheduler = recordingScheduler();
  const uploader = new Uploader({
    http, config: () => box.config, sources, metrics, logger: log.logger, lastReported,
    onUploaded: (u) => void uploaded.push(u),
    firstDelayMs: 10, retry: { initialMs: 20, factor: 2, maxMs: 160, maxElapsedMs: 5_000 }, scheduler, random: () => 0.5,
    ...o,
  });
  running.push(uploader);
  return { dir, http, box, sources, metrics, log, lastReported, uploaded, reports, scheduler, uploader };
}

describe('Uploader: a successful cycle', () => {
  it('POSTs the newest archive as the original does, saves lastReported, reports healthy and calls onUploaded', async () => {
    const s = await setup();
    await putArchive(s.dir, ago(3));
    const mtime = ago(2);
    const newest = await putArchive(s.dir, mtime);
    s.http.script.push({ status: 202, requestId: 'req-abc' });
    s.uploader.start();
    await until(() => s.uploaded.length === 1, 5_000, 'the upload');

    expect(s.http.requests).toHaveLength(1);
    const { req, parts } = s.http.requests[0]!;
    expect(req).toMatchObject({ method: 'POST', url: 'https://ingress.test/api/ingress/v1/upload', auth: 'bearer' });
    expect(parts.map((p) => [p.name, p.filename, p.type])).toEqual([
      ['file', 'payload.tar.gz', 'application/vnd.redhat.openshift.periodic'],
      ['metadata', 'metadata.json', 'application/octet-stream'],
    ]);
    expect(sha256(parts[0]!.bytes)).toBe(newest.sha256);
    expect(JSON.parse(parts[1]!.bytes.toString())).toEqual({ custom_metadata: { gathering_time: rfc3339(mtime) } });

    expect(s.lastReported.sets).toHaveLength(1);
    expect(s.lastReported.sets[0]!.getTime()).toBeGreaterThanOrEqual(mtime.getTime());
    expect(s.uploaded).toEqual([{ archivePath: newest.path, requestId: 'req-abc', at: s.lastReported.sets[0] }]);
    // start() reports healthy (the original's Run), then one report for the cycle.
    expect(s.reports).toEqual([{ healthy: true, reason: '', message: '' }, { healthy: true, reason: '', message: '' }]);
    expect(await sendCounts(s.metrics)).toEqual({ 202: 1 });
    const done = s.log.lines().find((l) => l.msg === 'Uploaded report successfully');
    expect(done).toMatchObject({ requestId: 'req-abc', archive: newest.name });
    expect(existsSync(newest.path)).toBe(true);
  });

  it('uploads each archive once: later cycles have nothing to report until a newer archive comes', async () => {
    const s = await setup({ intervalMs: 400 });
    await putArchive(s.dir, ago(2));
    s.uploader.start();
    await until(() => s.uploaded.length === 1);
    await sleep(250); // several cycles of Jitter(50 ms, 0.1)
    expect(s.http.requests).toHaveLength(1);
    expect(s.log.lines().some((l) => l.msg === 'Nothing to report')).toBe(true);
    const later = await putArchive(s.dir, new Date(Math.ceil(Date.now() / 1000) * 1000 + 2_000));
    s.uploader.archiveReady();
    await until(() => s.uploaded.length === 2);
    expect(sha256(s.http.requests[1]!.parts[0]!.bytes)).toBe(later.sha256);
  });
});

describe('Uploader: retries within a cycle', () => {
  it('retries 503 with full-jitter backoff; lastReported moves only after the 202; every attempt is counted', async () => {
    const s = await setup({ script: [{ status: 503 }, { status: 503 }, { status: 503 }, { status: 202, requestId: 'r' }], random: () => 1 });
    await putArchive(s.dir, ago(1));
    const lastReportedAtRequest: Array<Date | undefined> = [];
    s.http.onRequest = () => void lastReportedAtRequest.push(s.lastReported.get());
    s.uploader.start();
    await until(() => s.uploaded.length === 1);
    expect(s.http.requests).toHaveLength(4);
    expect(lastReportedAtRequest).toEqual([undefined, undefined, undefined, undefined]);
    expect(s.lastReported.sets).toHaveLength(1);
    // First cycle after 10 ms, then random(=1) × min(160, 20 × 2^k).
    expect(s.scheduler.delays.slice(0, 4)).toEqual([10, 20, 40, 80]);
    const at = s.http.requests.map((r) => r.at);
    for (const [k, wait] of [20, 40, 80].entries()) expect(at[k + 1]! - at[k]!).toBeGreaterThanOrEqual(wait - 1);
    expect(await sendCounts(s.metrics)).toEqual({ 503: 3, 202: 1 });
    expect(s.reports.slice(1)).toEqual([{ healthy: true, reason: '', message: '' }]);
  });

  it('waits at least Retry-After, clamped to the max backoff', async () => {
    const s = await setup({ script: [{ status: 429, headers: { 'retry-after': '1' } }], retry: { initialMs: 20, maxMs: 2_000, maxElapsedMs: 5_000 } });
    await putArchive(s.dir, ago(1));
    s.uploader.start();
    await until(() => s.uploaded.length === 1);
    expect(s.scheduler.delays[1]).toBe(1_000);
    expect(s.http.requests[1]!.at - s.http.requests[0]!.at).toBeGreaterThanOrEqual(999);

    const c = await setup({ script: [{ status: 503, headers: { 'retry-after': '3600' } }] });
    await putArchive(c.dir, ago(1));
    c.uploader.start();
    await until(() => c.uploaded.length === 1);
    expect(c.scheduler.delays[1]).toBe(160);
  });

  it('gives up when the next attempt would pass the elapsed budget: one UploadFailed, scrubbed, next cycle Jitter(interval/8, 1.2)', async () => {
    const echo = 'request had Authorization: Bearer secret-token-value';
    const s = await setup({ script: Array.from({ length: 50 }, () => ({ status: 503, body: echo })), random: () => 1, retry: { initialMs: 20, maxMs: 20, maxElapsedMs: 100 } });
    const a = await putArchive(s.dir, ago(1));
    s.uploader.start();
    await until(() => s.reports.length === 2, 5_000, 'the failure report');
    const attempts = s.http.requests.length;
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(6);
    const failure = s.reports[1]!;
    expect(failure).toMatchObject({ healthy: false, reason: 'UploadFailed', httpStatusCode: 503 });
    expect(failure.message).toMatch(/^Unable to report: gateway server reported unexpected error code: 503 \(request=\): /);
    expect(failure.message).toContain(`gave up after ${attempts} attempts`);
    expect(failure.message).not.toContain('secret-token-value');
    expect(s.scheduler.delays.at(-1)).toBeCloseTo(1_000 * 2.2);
    expect(s.lastReported.sets).toEqual([]);
    expect(existsSync(a.path)).toBe(true);
    expect(await sendCounts(s.metrics)).toEqual({ 503: attempts });
  });

  it('counts a transport error as status 0 and retries it', async () => {
    const refused = new InsightsTransportError('POST', 'https://ingress.test/api/ingress/v1/upload', 'refused', 'connect ECONNREFUSED');
    const s = await setup({ script: [{ error: refused }, { status: 202 }] });
    await putArchive(s.dir, ago(1));
    s.uploader.start();
    await until(() => s.uploaded.length === 1);
    expect(await sendCounts(s.metrics)).toEqual({ 0: 1, 202: 1 });
  });
});

describe('Uploader: failures not retried in the cycle', () => {
  for (const status of [400, 404, 413]) {
    it(`${status}: one request, UploadFailed, the archive stays`, async () => {
      const s = await setup({ script: [{ status, body: 'nope', requestId: 'rid' }] });
      const a = await putArchive(s.dir, ago(1));
      s.uploader.start();
      await until(() => s.reports.length === 2);
      await sleep(100);
      expect(s.http.requests).toHaveLength(1);
      expect(s.reports[1]).toMatchObject({ healthy: false, reason: 'UploadFailed', httpStatusCode: status });
      expect(s.reports[1]!.message).toBe(status === 400
        ? 'Unable to report: gateway server bad request (request=rid): nope'
        : `Unable to report: gateway server reported unexpected error code: ${status} (request=rid): nope`);
      expect(existsSync(a.path)).toBe(true);
      expect(s.lastReported.sets).toEqual([]);
    });
  }

  for (const status of [401, 403]) {
    it(`${status}: NotAuthorized, then nothing before Jitter(interval/2, 2), even when archives are ready`, async () => {
      const s = await setup({ script: [{ status, body: 'denied' }] });
      await putArchive(s.dir, ago(1));
      s.uploader.start();
      await until(() => s.reports.length === 2);
      expect(s.reports[1]).toMatchObject({ healthy: false, reason: 'NotAuthorized', httpStatusCode: status });
      expect(s.reports[1]!.message).toBe(status === 401
        ? 'Reporting was not allowed: your Red Hat account is not enabled for remote support or your token has expired: denied'
        : 'Reporting was not allowed: your Red Hat account is not enabled for remote support');
      expect(s.scheduler.delays.at(-1)).toBe(4_000 * (1 + 2 * 0.5));
      const scheduled = s.scheduler.delays.length;
      s.uploader.archiveReady();
      s.uploader.intervalChanged();
      s.uploader.archiveReady();
      await sleep(150);
      expect(s.http.requests).toHaveLength(1);
      // intervalChanged keeps the slow path's floor.
      expect(s.scheduler.delays.length).toBe(scheduled + 1);
      expect(s.scheduler.delays.at(-1)).toBeGreaterThan(7_000);
    });
  }

  it('a token the client refuses: UploadFailed at once, nothing counted', async () => {
    const s = await setup({ script: [{ error: operatorError('IO_INSIGHTS_BAD_TOKEN', 'POST', 'https://ingress.test/x', 'contains newlines') }] });
    await putArchive(s.dir, ago(1));
    s.uploader.start();
    await until(() => s.reports.length === 2);
    expect(s.reports[1]!.message).toMatch(/^Unable to report: POST .* was not sent: .*contains newlines$/);
    expect(s.http.requests).toHaveLength(1);
    expect(await sendCounts(s.metrics)).toEqual({});
  });

  it('an archive over the upload cap is not sent: UploadFailed, kept on disk', async () => {
    const s = await setup({ maxUploadBytes: 1_000 });
    const big = await putArchive(s.dir, ago(1), await validArchive({ noise: randomBytes(4_000).toString('base64') }));
    s.uploader.start();
    await until(() => s.reports.length === 2);
    expect(s.http.requests).toEqual([]);
    expect(s.reports[1]).toMatchObject({ healthy: false, reason: 'UploadFailed' });
    expect(s.reports[1]!.message).toContain(`archive ${big.name} is ${big.bytes.length} bytes, over the 1000-byte upload limit`);
    expect(existsSync(big.path)).toBe(true);
    expect(s.scheduler.delays.at(-1)).toBe(1_000 * 1.6);
  });

  it('without a cluster ID: nothing sent, no status change, tried again after Jitter(15 s, 1)', async () => {
    const s = await setup({ clusterIdRetryMs: 40 });
    s.http.clusterIdError = operatorError('IO_INSIGHTS_NO_CLUSTER_ID', 'clusterversions/version not found');
    await putArchive(s.dir, ago(1));
    s.uploader.start();
    await until(() => s.scheduler.delays.length >= 3);
    expect(s.scheduler.delays.slice(1, 3)).toEqual([60, 60]);
    expect(s.http.requests).toEqual([]);
    expect(s.reports).toHaveLength(1);
    s.http.clusterIdError = undefined;
    await until(() => s.uploaded.length === 1);
  });
});

describe('Uploader: corrupt archives', () => {
  it('quarantines and counts each corrupt archive, and uploads the newest valid one in the same cycle', async () => {
    const s = await setup();
    const good = await putArchive(s.dir, ago(5));
    const valid = await validArchive();
    const bad = [
      await putArchive(s.dir, ago(4), Buffer.alloc(0)),
      await putArchive(s.dir, ago(3), valid.subarray(0, valid.length - 20)),
      await putArchive(s.dir, ago(2), randomBytes(2_000)),
      await putArchive(s.dir, ago(1), gzipSync(Buffer.from('{"not":"a tar"}\n'.repeat(50)))),
    ];
    s.uploader.start();
    await until(() => s.uploaded.length === 1);
    expect(s.http.requests).toHaveLength(1);
    expect(sha256(s.http.requests[0]!.parts[0]!.bytes)).toBe(good.sha256);
    expect(await corruptCount(s.metrics)).toBe(4);
    expect((await readdir(join(s.dir, 'quarantine'))).sort()).toEqual(bad.map((b) => b.name).sort());
    const warnings = s.log.lines().filter((l) => l.level === 40 && /is corrupt/.test(l.msg));
    expect(warnings.map((w) => w.archive).sort()).toEqual(bad.map((b) => b.name).sort());
    for (const w of warnings) expect(typeof w.reason).toBe('string');
  });

  it('passes over a corrupt archive it cannot move, counting it once', async () => {
    const s = await setup({ intervalMs: 400, script: [{ status: 400 }, { status: 400 }] });
    await writeFile(join(s.dir, 'quarantine'), 'a file where the directory should be');
    const good = await putArchive(s.dir, ago(2));
    const bad = await putArchive(s.dir, ago(1), Buffer.from('garbage'));
    s.uploader.start();
    await until(() => s.http.requests.length === 3, 5_000, 'three cycles');
    expect(s.uploaded).toHaveLength(1);
    expect(s.http.requests.every((r) => sha256(r.parts[0]!.bytes) === good.sha256)).toBe(true);
    expect(await corruptCount(s.metrics)).toBe(1);
    expect(existsSync(bad.path)).toBe(true);
  });
});

describe('Uploader: reporting disabled (dry run)', () => {
  for (const [what, configure] of [
    ['no token', (c: OperatorConfig) => ({ ...c, reporting: { ...c.reporting, enabled: false } })],
    ['no endpoint', (c: OperatorConfig) => ({ ...c, reporting: { ...c.reporting, uploadEndpoint: '' } })],
  ] as const) {
    it(`${what}: logs each entry of the archive once, sends nothing, lastReported stays`, async () => {
      const s = await setup({ intervalMs: 400, configure });
      const a = await putArchive(s.dir, ago(1), await validArchive({ 'config/version.json': '{}' }));
      s.uploader.start();
      await until(() => s.scheduler.delays.length >= 4, 5_000, 'several cycles');
      const dry = s.log.lines().filter((l) => l.msg.startsWith('Dry-run: '));
      expect(dry.map((l) => l.msg.split(' ').at(-1))).toEqual(['config/id', 'config/version.json', 'insights-operator/gathers.json']);
      expect(dry[0]!.msg).toMatch(/^Dry-run: 2026-01-02T03:04:05Z\s+36 config\/id$/);
      expect(s.http.requests).toEqual([]);
      expect(s.lastReported.sets).toEqual([]);
      expect(s.reports).toHaveLength(1);
      expect(existsSync(a.path)).toBe(true);
    });
  }
});

describe('Uploader: scheduling', () => {
  it('archiveReady runs a cycle soon, coalesced; intervalChanged reschedules at Jitter(interval/8, 0.1)', async () => {
    const s = await setup({ firstDelayMs: 60_000, archiveReadyDelayMs: 20 });
    await putArchive(s.dir, ago(1));
    s.uploader.start();
    s.uploader.archiveReady();
    s.uploader.archiveReady();
    s.uploader.archiveReady();
    await until(() => s.uploaded.length === 1);
    expect(s.scheduler.delays.slice(0, 2)).toEqual([60_000, 20]);
    s.box.config = { ...s.box.config, intervalMs: 16_000 };
    s.uploader.intervalChanged();
    expect(s.scheduler.delays.at(-1)).toBe(2_000 * 1.05);
  });

  it('stop() aborts the upload in flight, reports nothing and keeps the archive; start() runs again', async () => {
    const s = await setup({ script: ['hang'] });
    const a = await putArchive(s.dir, ago(1));
    s.uploader.start();
    await until(() => s.http.requests.length === 1);
    await s.uploader.stop();
    expect(s.http.requests[0]!.req.signal?.aborted).toBe(true);
    await sleep(100);
    expect(s.http.requests).toHaveLength(1);
    expect(s.reports).toHaveLength(1);
    expect(s.lastReported.sets).toEqual([]);
    expect(await sendCounts(s.metrics)).toEqual({});
    expect(existsSync(a.path)).toBe(true);
    s.uploader.start();
    await until(() => s.uploaded.length === 1);
  });

  it('keeps running when the storage directory cannot be read: SummaryFailed', async () => {
    const s = await setup({ configure: (c) => ({ ...c, storagePath: '/proc/self/nonexistent-dir/x' }) });
    await writeFile(join(s.dir, 'not-a-dir'), '');
    s.box.config = { ...s.box.config, storagePath: join(s.dir, 'not-a-dir') };
    s.uploader.start();
    await until(() => s.reports.length === 2);
    expect(s.reports[1]).toMatchObject({ healthy: false, reason: 'SummaryFailed' });
    expect(s.reports[1]!.message).toMatch(/^Unable to retrieve local insights data: /);
    expect(s.scheduler.delays.at(-1)).toBe(1_000 * 1.05);
  });
});

describe('reportedAt', () => {
  it('is when the archive was chosen, never before its mtime, rounded up to whole seconds', () => {
    expect(reportedAt(new Date('2026-01-01T10:00:00.000Z'), { mtimeMs: Date.parse('2026-01-01T09:00:00Z') })).toEqual(new Date('2026-01-01T10:00:00Z'));
    expect(reportedAt(new Date('2026-01-01T10:00:00.001Z'), { mtimeMs: 0 })).toEqual(new Date('2026-01-01T10:00:01Z'));
    expect(reportedAt(new Date('2026-01-01T10:00:00Z'), { mtimeMs: Date.parse('2026-01-01T11:00:00.500Z') })).toEqual(new Date('2026-01-01T11:00:01Z'));
  });
});
