import { createHash } from 'node:crypto';
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { Logger } from 'pino';
import tar from 'tar-stream';
import { mergeConfig } from '../../../core/config/merge-config.ts';
import type { OperatorConfig } from '../../../core/config/merge-config.ts';
import { defaultsFromPodConfig } from '../../../core/config/operator-defaults.ts';
import { Token } from '../../../core/config/token.ts';
import type { InsightsHttp, InsightsRequest, InsightsResponse } from '../../../core/insights/insights-http.ts';
import { createLogger } from '../../../core/logging/create-logger.ts';
import { archiveFileName } from '../../../core/recorder/archive-name.ts';
import type { Scheduler } from '../../../core/time/scheduler.ts';
import { realScheduler } from '../../../core/time/scheduler.ts';
import type { LastReported } from '../../../core/upload/uploader.ts';

/** A tar.gz the pipeline accepts: gathers.json, config/id and the given extra entries. */
export async function validArchive(extra: Record<string, string> = {}): Promise<Buffer> {
  const pack = tar.pack();
  const entries = { 'config/id': '11111111-2222-3333-4444-555555555555', ...extra, 'insights-operator/gathers.json': '{"status_reports":[]}' };
  for (const [name, text] of Object.entries(entries)) pack.entry({ name, mtime: new Date('2026-01-02T03:04:05Z') }, text);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes an archive named after `at`, with mtime `at`. */
export async function putArchive(dir: string, at: Date, bytes?: Buffer): Promise<{ path: string; name: string; bytes: Buffer; sha256: string }> {
  const content = bytes ?? (await validArchive({ 'config/at': at.toISOString() }));
  const name = archiveFileName(at);
  const path = join(dir, name);
  await writeFile(path, content);
  await utimes(path, at, at);
  return { path, name, bytes: content, sha256: sha256(content) };
}

const defaults = defaultsFromPodConfig({});

/** A configuration for the uploader: storage `dir`, the given interval and endpoint, a token unless `token: null`. */
export function testConfig(dir: string, over: { intervalMs?: number; uploadEndpoint?: string; token?: Token | null } = {}): OperatorConfig {
  const token = over.token === null ? undefined : (over.token ?? new Token('secret-token-value'));
  const base = mergeConfig(defaults, undefined, undefined, token);
  return {
    ...base,
    storagePath: dir,
    intervalMs: over.intervalMs ?? 8_000,
    reporting: { ...base.reporting, uploadEndpoint: over.uploadEndpoint ?? 'https://ingress.test/api/ingress/v1/upload' },
  };
}

export { captureLogger } from '../../helpers/capture-logger.ts';

/** A last-report time kept in memory; `sets` lists every saved value. */
export function memoryLastReported(initial?: Date): LastReported & { sets: Date[] } {
  let value = initial;
  const sets: Date[] = [];
  return {
    sets,
    get: () => value,
    async set(at) {
      sets.push(at);
      value = at;
    },
  };
}

/** One scripted answer of {@link FakeHttp}: a response, an error to throw, or one that waits for the abort. */
export type FakeReply =
  | { status: number; headers?: Record<string, string>; body?: string; requestId?: string }
  | { error: Error }
  | 'hang';

/** A request as {@link FakeHttp} saw it, with the multipart parts read. */
export interface SeenRequest {
  at: number;
  req: InsightsRequest;
  parts: Array<{ name: string; filename: string | undefined; type: string; bytes: Buffer }>;
}

/** An `InsightsHttp` answering from a script (then 202), recording requests. */
export class FakeHttp implements InsightsHttp {
  readonly requests: SeenRequest[] = [];
  readonly script: FakeReply[] = [];
  clusterIdError: Error | undefined;
  /** Called at each request, before it is answered (for checks "at the time of the request"). */
  onRequest: (() => void) | undefined;

  async request(req: InsightsRequest): Promise<InsightsResponse> {
    const parts: SeenRequest['parts'] = [];
    if (req.body instanceof FormData) {
      for (const [name, value] of req.body.entries()) {
        if (typeof value === 'string') parts.push({ name, filename: undefined, type: '', bytes: Buffer.from(value) });
        else parts.push({ name, filename: (value as File).name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
      }
    }
    this.requests.push({ at: performance.now(), req, parts });
    this.onRequest?.();
    const reply = this.script.shift() ?? { status: 202, requestId: `req-${this.requests.length}` };
    if (reply === 'hang') {
      return new Promise((_resolve, reject) => {
        req.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { code: 'IO_INSIGHTS_TRANSPORT', kind: 'aborted' })), { once: true });
      });
    }
    if ('error' in reply) throw reply.error;
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.requestId !== undefined) headers['x-rh-insights-request-id'] = reply.requestId;
    return { statusCode: reply.status, headers, body: Buffer.from(reply.body ?? ''), requestId: reply.requestId };
  }

  async clusterId(): Promise<string> {
    if (this.clusterIdError !== undefined) throw this.clusterIdError;
    return 'cluster-1';
  }
}

/** The real timers, recording each delay asked for. */
export function recordingScheduler(): Scheduler & { delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    setTimeout(callback, ms) {
      delays.push(ms);
      return realScheduler.setTimeout(callback, ms);
    },
    clearTimeout: (handle) => realScheduler.clearTimeout(handle),
  };
}

/** Resolves when `predicate` holds, polling every 5 ms; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
