/**
 * Reliability properties 1, 2, 3, 4, 6, 8 (and 7's SIGTERM part) of /work/shared/spec/reliability.md §2
 * for the uploader, against the console simulator through the real InsightsClient, time scaled down.
 */
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { OperatorConfig } from '../../../core/config/merge-config.ts';
import { Token } from '../../../core/config/token.ts';
import { InsightsClient } from '../../../core/insights/insights-client.ts';
import type { InsightsHttp } from '../../../core/insights/insights-http.ts';
import { createOperatorMetrics } from '../../../core/metrics/operator-metrics.ts';
import type { OperatorMetrics } from '../../../core/metrics/operator-metrics.ts';
import { pruneArchives } from '../../../core/pruner/prune-archives.ts';
import { computeConditions } from '../../../core/status/compute-conditions.ts';
import type { DisabledReason } from '../../../core/status/compute-conditions.ts';
import type { Condition } from '../../../core/status/condition.ts';
import { StatusSources } from '../../../core/status/status-sources.ts';
import { rfc3339 } from '../../../core/upload/upload-form.ts';
import { Uploader } from '../../../core/upload/uploader.ts';
import type { UploaderOptions } from '../../../core/upload/uploader.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { startConsoleSim } from '../../sim/console/index.ts';
import type { ConsoleSim } from '../../sim/console/index.ts';
import { captureLogger, memoryLastReported, putArchive, recordingScheduler, sha256, sleep, testConfig, until, validArchive } from './upload-fixtures.ts';

const TOKEN = 'canary-Tok3n-7f1d9c';
const MINUTE = 60_000;
const ago = (minutes: number): Date => new Date(Math.floor(Date.now() / 1000) * 1000 - minutes * MINUTE);

const cleanups: Array<() => Promise<void>> = [];
const logs: Array<() => string> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  // Property 12's share here: whatever happened, the token never reached a log line.
  for (const text of logs.splice(0)) expect(text()).not.toContain(TOKEN);
});

async function sendCounts(metrics: OperatorMetrics): Promise<Record<string, number>> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === 'insightsclient_request_send_total');
  const counts: Record<string, number> = {};
  for (const v of (metric as unknown as { values: Array<{ labels: { status_code: string }; value: number }> }).values) counts[v.labels.status_code] = v.value;
  return counts;
}

/** A port nothing listens on (connection refused). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface RigOptions extends Partial<UploaderOptions> {
  intervalMs?: number;
  token?: string | null;
  /** Called after each `Uploading` report, with the reports so far. */
  onReport?: (reports: ReadonlyArray<{ healthy: boolean }>) => void;
}

/** The simulator, the real client and an uploader over a fresh storage directory. */
async function rig(o: RigOptions = {}) {
  const sim: ConsoleSim = await startConsoleSim({ token: TOKEN });
  cleanups.push(() => sim.close());
  const dir = await tempDir('upload-rel-');
  const caFile = join(await tempDir('upload-ca-'), 'ca.pem');
  await writeFile(caFile, sim.caPem);
  const endpoint = `${sim.url}/api/ingress/v1/upload`;
  const box: { config: OperatorConfig } = {
    config: testConfig(dir, { intervalMs: o.intervalMs ?? 8_000, uploadEndpoint: endpoint, token: o.token === null ? null : new Token(o.token ?? TOKEN) }),
  };
  const log = captureLogger('debug');
  logs.push(() => log.lines().map((l) => JSON.stringify(l)).join('\n'));
  const client = new InsightsClient({
    token: () => box.config.token, config: () => box.config, caBundleFile: caFile, env: {}, logger: log.logger,
    clusterId: async () => '5d6a1c2e-0000-4000-8000-000000000001',
  });
  cleanups.push(() => client.close());
  // Sees each request as the uploader makes it: the archive sent and lastReported at that moment.
  const sent: Array<{ sha256: string; lastReported: Date | undefined }> = [];
  const lastReported = memoryLastReported();
  const http: InsightsHttp = {
    clusterId: () => client.clusterId(),
    async request(req) {
      const file = (req.body as FormData).get('file') as File;
      sent.push({ sha256: sha256(Buffer.from(await file.arrayBuffer())), lastReported: lastReported.get() });
      return client.request(req);
    },
  };
  const sources = new StatusSources();
  const metrics = createOperatorMetrics({ processMetrics: false });
  const scheduler = recordingScheduler();
  const uploads: Array<{ archivePath: string; requestId: string | undefined }> = [];
  const startedAt = new Date();
  const conditions: Condition[][] = [];
  const disabled: DisabledReason | undefined = box.config.reporting.enabled ? undefined : 'NoToken';
  const reports: Array<{ healthy: boolean; reason: string; message: string }> = [];
  const uploader = new Uploader({
    http, config: () => box.config, sources, metrics, logger: log.logger, lastReported, scheduler,
    onUploaded: (u) => void uploads.push(u),
    // What the status controller would write after each report.
    statusChanged: () => {
      const summary = sources.get('Uploading')!;
      reports.push({ healthy: summary.healthy, reason: summary.reason, message: summary.message });
      conditions.push(computeConditions(conditions.at(-1) ?? [], { sources: sources.snapshot(), disabled, startedAt, now: new Date() }));
      o.onReport?.(reports);
    },
    firstDelayMs: 10,
    retry: { initialMs: 50, factor: 2, maxMs: 400, maxElapsedMs: 5_000 },
    ...o,
  });
  cleanups.push(() => uploader.stop());
  const uploadRequests = () => sim.requests.filter((r) => r.route === 'upload');
  return { sim, dir, box, endpoint, http, sent, lastReported, sources, metrics, scheduler, uploads, conditions, reports, uploader, log, uploadRequests };
}

function condition(list: readonly Condition[] | undefined, type: string): string | undefined {
  return list?.find((c) => c.type === type)?.status;
}

describe('property 1: transient failure, then success', () => {
  it('503, 503, 503, 202: A is accepted once after 4 requests, with full-jitter gaps; lastReported moves only after the 202', async () => {
    const r = await rig();
    r.sim.script('upload', [{ status: 503 }, { status: 503 }, { status: 503 }]);
    const older = await putArchive(r.dir, ago(2));
    const mtime = ago(1);
    const a = await putArchive(r.dir, mtime);
    r.uploader.start();
    await until(() => r.uploads.length === 1, 10_000, 'the accepted upload');

    expect(r.sim.uploads.map((u) => u.sha256)).toEqual([a.sha256]);
    expect(r.uploadRequests().map((q) => q.status)).toEqual([503, 503, 503, 202]);
    expect(r.sent.map((s) => s.sha256)).toEqual([a.sha256, a.sha256, a.sha256, a.sha256]);
    expect(r.sent.map((s) => s.sha256)).not.toContain(older.sha256);
    expect(r.sent.map((s) => s.lastReported)).toEqual([undefined, undefined, undefined, undefined]);
    expect(r.lastReported.sets).toHaveLength(1);
    expect(existsSync(a.path)).toBe(true);
    expect(await sendCounts(r.metrics)).toEqual({ 503: 3, 202: 1 });

    // Backoff k (k = 0, 1, 2) lies in [0, min(400, 50·2^k)]; each gap between arrivals is > 0 and at least it.
    const backoffs = r.scheduler.delays.slice(1, 4);
    const at = r.uploadRequests().map((q) => q.at);
    for (const [k, backoff] of backoffs.entries()) {
      expect(backoff).toBeGreaterThanOrEqual(0);
      expect(backoff).toBeLessThanOrEqual(Math.min(400, 50 * 2 ** k));
      const gap = at[k + 1]! - at[k]!;
      expect(gap).toBeGreaterThan(0);
      expect(gap).toBeGreaterThanOrEqual(backoff - 1);
      expect(gap).toBeLessThan(Math.min(400, 50 * 2 ** k) + 1_000);
    }
    expect(r.sim.uploads[0]!.gatheringTime).toBe(rfc3339(mtime));
  });
});

describe('property 2: non-retryable statuses', () => {
  it('400, 404, 413: at most 1 request per cycle, UploadFailed, the archive kept, no storm', async () => {
    // interval 4 s: a failed cycle is followed by the next after Jitter(500 ms, 1.2) ≥ 10 × the 50 ms base backoff.
    const rigs = await Promise.all([400, 404, 413].map(async (status) => {
      const r = await rig({ intervalMs: 4_000 });
      r.sim.script('upload', Array.from({ length: 20 }, () => ({ status, body: { errors: [{ detail: 'refused' }] } })));
      const a = await putArchive(r.dir, ago(1));
      r.uploader.start();
      return { r, a, status };
    }));
    await sleep(1_400);
    for (const { r, a, status } of rigs) {
      const requests = r.uploadRequests();
      expect(requests.length).toBeGreaterThanOrEqual(1);
      expect(requests.every((q) => q.status === status)).toBe(true);
      // One report per cycle, each a failure, and as many cycles as requests.
      const failures = r.reports.filter((x) => !x.healthy);
      expect(failures.length).toBe(requests.length);
      for (const f of failures) expect(f.reason).toBe('UploadFailed');
      for (let i = 0; i < requests.length; i++) {
        const inWindow = requests.filter((q) => q.at >= requests[i]!.at && q.at < requests[i]!.at + 500);
        expect(inWindow.length).toBeLessThanOrEqual(2);
      }
      expect(existsSync(a.path)).toBe(true);
      expect(r.sim.uploads).toEqual([]);
      expect(r.lastReported.sets).toEqual([]);
    }
  });

  it('401, 403: NotAuthorized, and the next attempt not before interval/2, even with archives ready', async () => {
    const rigs = await Promise.all([401, 403].map(async (status) => {
      // random 0: the slow path waits exactly interval/2 = 2 s.
      const r = await rig({ intervalMs: 4_000, random: () => 0, archiveReadyDelayMs: 10 });
      r.sim.script('upload', [{ status, body: `{"echo":"Authorization: Bearer ${TOKEN}"}` }]);
      await putArchive(r.dir, ago(2));
      r.uploader.start();
      return { r, status };
    }));
    for (const { r } of rigs) await until(() => r.reports.length === 2, 5_000, 'the NotAuthorized report');
    for (const { r } of rigs) {
      await putArchive(r.dir, ago(1));
      r.uploader.archiveReady();
    }
    for (const { r } of rigs) await until(() => r.uploads.length === 1, 5_000, 'the upload after the slow path');
    for (const { r, status } of rigs) {
      expect(r.reports[1]).toMatchObject({ healthy: false, reason: 'NotAuthorized' });
      expect(r.reports[1]!.message).toMatch(/^Reporting was not allowed: your Red Hat account is not enabled for remote support/);
      expect(r.reports[1]!.message).not.toContain(TOKEN);
      expect(condition(r.conditions[1], 'UploadDegraded')).toBe('True');
      const [first, second] = r.uploadRequests();
      expect(first!.status).toBe(status);
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(2_000);
      expect(r.reports[2]).toMatchObject({ healthy: true });
    }
  });
});

describe('property 3: Retry-After honoured', () => {
  it('429 with Retry-After 2 s, as seconds or as an HTTP-date: the retry comes ≥ 2 s later; a huge one is clamped to the max', async () => {
    const retry = { initialMs: 50, factor: 2, maxMs: 5_000, maxElapsedMs: 20_000 };
    const seconds = await rig({ retry });
    seconds.sim.script('upload', [{ status: 429, headers: { 'retry-after': '2' } }]);
    const date = await rig({ retry });
    const clamped = await rig({ retry: { ...retry, maxMs: 400 } });
    clamped.sim.script('upload', [{ status: 503, headers: { 'retry-after': '3600' } }]);
    const all = [seconds, date, clamped];
    for (const r of all) await putArchive(r.dir, ago(1));
    date.sim.script('upload', [{ status: 429, headers: { 'retry-after': new Date(Date.now() + 3_500).toUTCString() } }]);
    for (const r of all) r.uploader.start();
    for (const r of all) await until(() => r.uploads.length === 1, 10_000, 'the upload after Retry-After');

    for (const r of [seconds, date]) {
      const [first, second] = r.uploadRequests();
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(2_000);
    }
    const [first, second] = clamped.uploadRequests();
    expect(clamped.scheduler.delays[1]).toBe(400);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(399);
    expect(second!.at - first!.at).toBeLessThan(2_000);
    for (const r of all) expect(r.sim.uploads).toHaveLength(1);
  });
});

describe('property 4: Degraded threshold', () => {
  it('4 failed cycles: UploadDegraded only; the 5th: Degraded; one success clears both and the count', async () => {
    // The ingress is down (refused) for five cycles of several attempts each, then back.
    const dead = `https://127.0.0.1:${await deadPort()}/api/ingress/v1/upload`;
    const setEndpoint = (endpoint: string): void => {
      r.box.config = { ...r.box.config, reporting: { ...r.box.config.reporting, uploadEndpoint: endpoint } };
    };
    const r = await rig({
      intervalMs: 320, retry: { initialMs: 10, factor: 2, maxMs: 20, maxElapsedMs: 50 },
      // Back up right after the 5th failed cycle's report, before the next cycle.
      onReport: (reports) => {
        if (reports.filter((x) => !x.healthy).length === 5) setEndpoint(r.endpoint);
      },
    });
    setEndpoint(dead);
    await putArchive(r.dir, ago(1));
    r.uploader.start();
    await until(() => r.uploads.length === 1, 10_000, 'the upload after five failed cycles');
    // reports[0] is start()'s healthy report; then one report per cycle, not per attempt.
    expect(r.reports.map((x) => x.healthy)).toEqual([true, false, false, false, false, false, true]);
    const failedAttempts = (await sendCounts(r.metrics))['0']!;
    expect(failedAttempts).toBeGreaterThan(5);
    for (let cycle = 1; cycle <= 4; cycle++) {
      expect(condition(r.conditions[cycle], 'UploadDegraded'), `cycle ${cycle}`).toBe('True');
      expect(condition(r.conditions[cycle], 'Degraded'), `cycle ${cycle}`).toBe('False');
    }
    expect(condition(r.conditions[5], 'Degraded')).toBe('True');
    expect(condition(r.conditions[5], 'Available')).toBe('False');
    expect(r.conditions[5]!.find((c) => c.type === 'Degraded')?.reason).toBe('UploadFailed');
    expect(condition(r.conditions[6], 'Degraded')).toBe('False');
    expect(condition(r.conditions[6], 'UploadDegraded')).toBeUndefined();
    expect(r.sources.get('Uploading')).toMatchObject({ healthy: true, count: 1 });
    expect(r.uploadRequests()).toHaveLength(1);
  });

  it('no token: Disabled=True and Available=True, and no upload is attempted', async () => {
    const r = await rig({ intervalMs: 320, token: null });
    await putArchive(r.dir, ago(1));
    r.uploader.start();
    await until(() => r.scheduler.delays.length >= 5, 5_000, 'several cycles');
    expect(r.sim.requests).toEqual([]);
    expect(condition(r.conditions.at(-1), 'Disabled')).toBe('True');
    expect(condition(r.conditions.at(-1), 'Available')).toBe('True');
    expect(r.log.lines().some((l) => l.msg.startsWith('Dry-run: '))).toBe(true);
  });
});

describe('property 6: corrupt on-disk state does not wedge the uploader', () => {
  it('0-byte, truncated gzip, random bytes, gzip of a non-tar: never sent, quarantined, counted 4 times; a new valid archive is uploaded', async () => {
    const r = await rig({ intervalMs: 800, archiveReadyDelayMs: 10 });
    const valid = await validArchive();
    const bad = [
      await putArchive(r.dir, ago(4), Buffer.alloc(0)),
      await putArchive(r.dir, ago(3), valid.subarray(0, valid.length - 20)),
      await putArchive(r.dir, ago(2), randomBytes(4_096)),
      await putArchive(r.dir, ago(1), gzipSync(Buffer.from('{"not":"a tar"}\n'.repeat(100)))),
    ];
    r.uploader.start();
    await until(() => r.log.lines().some((l) => l.msg === 'Nothing to report'), 5_000, 'the first cycle');
    expect(await readdir(join(r.dir, 'quarantine'))).toHaveLength(4);
    expect(/^insights_corrupt_archives_total 4$/m.test(await r.metrics.registry.metrics())).toBe(true);
    const fresh = await putArchive(r.dir, new Date(Math.ceil(Date.now() / 1000) * 1000));
    r.uploader.archiveReady();
    await until(() => r.uploads.length === 1, 5_000, 'the new archive');
    expect(r.sim.uploads.map((u) => u.sha256)).toEqual([fresh.sha256]);
    expect(r.sent.map((s) => s.sha256)).toEqual([fresh.sha256]);
    for (const b of bad) expect(existsSync(b.path)).toBe(false);
    expect(/^insights_corrupt_archives_total 4$/m.test(await r.metrics.registry.metrics())).toBe(true);
  });
});

describe('property 7 (SIGTERM part): stop during an upload in flight', () => {
  it('returns promptly and keeps the archive', async () => {
    const r = await rig();
    r.sim.script('upload', [{ delayMs: 30_000 }]);
    const a = await putArchive(r.dir, ago(1));
    r.uploader.start();
    await until(() => r.uploadRequests().length === 1, 5_000, 'the upload to start');
    const started = performance.now();
    await r.uploader.stop();
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(existsSync(a.path)).toBe(true);
    expect(r.lastReported.sets).toEqual([]);
    expect(r.reports).toHaveLength(1);
  });
});

describe('property 8: latest wins after a long outage', () => {
  it('A1, A2, A3 gathered while the ingress is down: only A3 is uploaded, once; A1 and A2 are then prunable', async () => {
    const r = await rig({ intervalMs: 800, archiveReadyDelayMs: 10, retry: { initialMs: 20, factor: 2, maxMs: 40, maxElapsedMs: 60 } });
    r.box.config = { ...r.box.config, reporting: { ...r.box.config.reporting, uploadEndpoint: `https://127.0.0.1:${await deadPort()}/api/ingress/v1/upload` } };
    r.uploader.start();
    const archives = [];
    for (const minutes of [3, 2, 1]) {
      const failuresBefore = r.reports.filter((x) => !x.healthy).length;
      archives.push(await putArchive(r.dir, ago(minutes)));
      r.uploader.archiveReady();
      await until(() => r.reports.filter((x) => !x.healthy).length > failuresBefore, 5_000, 'a failed cycle');
    }
    expect(await sendCounts(r.metrics)).toMatchObject({ 0: expect.any(Number) });
    const sentWhileDown = r.sent.length;
    r.box.config = { ...r.box.config, reporting: { ...r.box.config.reporting, uploadEndpoint: r.endpoint } };
    r.uploader.archiveReady();
    await until(() => r.uploads.length === 1, 5_000, 'the upload once the ingress is back');
    await sleep(400); // a few more cycles of Jitter(100 ms, 0.1)
    const [a1, a2, a3] = archives;
    expect(r.sim.uploads.map((u) => u.sha256)).toEqual([a3!.sha256]);
    // While the ingress was down each cycle tried the newest archive it had; once it is up, only A3 goes out.
    expect(r.sent.slice(sentWhileDown).map((s) => s.sha256)).toEqual([a3!.sha256]);
    expect(r.uploadRequests()).toHaveLength(1);
    const pruned = await pruneArchives(r.dir, { lastReported: r.lastReported.get(), now: new Date(), maxAgeMs: 144 * 800 * 1_000 });
    expect(pruned.sort()).toEqual([a1!.path, a2!.path, a3!.path].sort());
  });
});
