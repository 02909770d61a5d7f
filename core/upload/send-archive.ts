import type { Logger } from 'pino';
import { describeError } from '../errors/codes.ts';
import type { InsightsHttp, InsightsResponse } from '../insights/insights-http.ts';
import { quoteBody } from '../insights/quote-body.ts';
import { parseRetryAfter } from '../insights/retry-after.ts';
import { classifyStatus } from '../insights/status-class.ts';
import type { OperatorMetrics } from '../metrics/operator-metrics.ts';
import type { Scheduler } from '../time/scheduler.ts';
import { abortableDelay } from '../time/abortable-delay.ts';
import { retryDelay } from './retry-policy.ts';
import type { RetryPolicy } from './retry-policy.ts';
import { uploadForm } from './upload-form.ts';

/** Header carrying the ingress's id of an accepted upload. */
export const REQUEST_ID_HEADER = 'x-rh-insights-request-id';

/** What sending one archive came to, after the cycle's retries. */
export type SendOutcome =
  | { readonly kind: 'uploaded'; readonly statusCode: number; readonly requestId: string | undefined; readonly attempts: number }
  /** Not retried in this cycle (other 4xx, a refused token, an unexpected error) or retries exhausted. */
  | { readonly kind: 'failed'; readonly message: string; readonly statusCode?: number; readonly attempts: number }
  /** 401 or 403: the slow path. */
  | { readonly kind: 'unauthorized'; readonly message: string; readonly statusCode: number; readonly attempts: number }
  /** The cluster ID is not known yet (no ClusterVersion): nothing was sent. */
  | { readonly kind: 'no-cluster-id'; readonly attempts: number }
  /** The signal aborted (the uploader stops). */
  | { readonly kind: 'stopped'; readonly attempts: number };

/** What {@link sendArchive} needs. */
export interface SendArchiveOptions {
  readonly http: InsightsHttp;
  readonly endpoint: string;
  /** The whole `.tar.gz`. */
  readonly archive: Uint8Array;
  /** Name for the logs. */
  readonly archiveName: string;
  /** The archive's mtime, sent as `gathering_time`. */
  readonly gatheringTime: Date;
  readonly policy: RetryPolicy;
  readonly metrics: Pick<OperatorMetrics, 'countArchiveSend'>;
  readonly logger: Logger;
  readonly scheduler: Scheduler;
  readonly now: () => Date;
  readonly random: () => number;
  readonly signal: AbortSignal;
  /** Values scrubbed from quoted server bodies besides the usual credential patterns (the token). */
  readonly secrets?: readonly (string | { reveal(): string } | undefined)[];
}

/** One attempt's result before the retry decision. */
type Attempt =
  | { kind: 'response'; response: InsightsResponse }
  | { kind: 'transport'; message: string; final: boolean }
  | { kind: 'refused'; message: string; counted: boolean }
  | { kind: 'no-cluster-id' }
  | { kind: 'stopped' };

/**
 * POSTs an archive to the ingress, retrying within the cycle as reliability spec §1.3–1.4 say: network
 * errors, 408, 429 and 5xx other than 501 are retried with exponential backoff and full jitter, never
 * sooner than `Retry-After` (clamped to the policy's max), as long as the next attempt starts within
 * the policy's elapsed budget; 401/403 and other statuses end the cycle at once. Every request that was
 * sent counts in `insightsclient_request_send_total` (status 0 when no response came). Never throws.
 */
export async function sendArchive(o: SendArchiveOptions): Promise<SendOutcome> {
  const started = o.now().getTime();
  const archive = new Blob([o.archive as Uint8Array<ArrayBuffer>]);
  for (let attempt = 0; ; attempt++) {
    const attempts = attempt + 1;
    const result = await attemptOnce(o, archive, attempts);
    if (result.kind === 'stopped' || o.signal.aborted) return { kind: 'stopped', attempts };
    if (result.kind === 'no-cluster-id') return { kind: 'no-cluster-id', attempts };
    if (result.kind === 'refused') {
      if (result.counted) o.metrics.countArchiveSend(0);
      return { kind: 'failed', message: result.message, attempts };
    }

    let message: string;
    let retryAfterMs: number | undefined;
    let statusCode: number | undefined;
    if (result.kind === 'transport') {
      o.metrics.countArchiveSend(0);
      message = `unable to build request to connect to Insights server: ${result.message}`;
      if (result.final) return { kind: 'failed', message, attempts };
    } else {
      const { response } = result;
      statusCode = response.statusCode;
      o.metrics.countArchiveSend(statusCode);
      const requestId = response.requestId;
      const verdict = classifyStatus(statusCode);
      if (verdict === 'success') return { kind: 'uploaded', statusCode, requestId, attempts };
      const body = quoteBody(response.body, o.secrets);
      o.logger.info({ archive: o.archiveName, statusCode, requestId, attempt: attempts }, `the ingress answered ${statusCode}`);
      if (verdict === 'auth') {
        const why = statusCode === 401
          ? `your Red Hat account is not enabled for remote support or your token has expired: ${body}`
          : 'your Red Hat account is not enabled for remote support';
        return { kind: 'unauthorized', message: why, statusCode, attempts };
      }
      message = statusCode === 400
        ? `gateway server bad request (request=${requestId ?? ''}): ${body}`
        : `gateway server reported unexpected error code: ${statusCode} (request=${requestId ?? ''}): ${body}`;
      if (verdict === 'fail') return { kind: 'failed', message, statusCode, attempts };
      retryAfterMs = parseRetryAfter(response.headers['retry-after'], o.now());
    }

    const delayMs = retryDelay(o.policy, attempt, o.random, retryAfterMs);
    const elapsedMs = o.now().getTime() - started;
    if (elapsedMs + delayMs > o.policy.maxElapsedMs) {
      const gaveUp = attempts > 1 ? ` (gave up after ${attempts} attempts)` : '';
      return { kind: 'failed', message: message + gaveUp, ...(statusCode === undefined ? {} : { statusCode }), attempts };
    }
    o.logger.info({ archive: o.archiveName, attempt: attempts, delayMs: Math.round(delayMs), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }, `upload failed, retrying: ${message}`);
    try {
      await abortableDelay(delayMs, { scheduler: o.scheduler, signal: o.signal });
    } catch {
      return { kind: 'stopped', attempts };
    }
  }
}

async function attemptOnce(o: SendArchiveOptions, archive: Blob, attempt: number): Promise<Attempt> {
  o.logger.info({ archive: o.archiveName, endpoint: o.endpoint, attempt, bytes: o.archive.byteLength }, 'uploading the archive');
  try {
    const response = await o.http.request({
      method: 'POST',
      url: o.endpoint,
      auth: 'bearer',
      body: uploadForm(archive, o.gatheringTime),
      signal: o.signal,
    });
    return { kind: 'response', response };
  } catch (error) {
    if (o.signal.aborted) return { kind: 'stopped' };
    const code = (error as { code?: unknown } | undefined)?.code;
    switch (code) {
      case 'IO_INSIGHTS_TRANSPORT':
        // A proxy refusing our credentials (407) refuses them again a second later: like a 4xx, not
        // retried in this cycle.
        return { kind: 'transport', message: describeError(error), final: (error as { causeCode?: unknown }).causeCode === 'PROXY_407' };
      case 'IO_INSIGHTS_NO_CLUSTER_ID':
        return { kind: 'no-cluster-id' };
      // Refused before sending: nothing went out, nothing to count.
      case 'IO_INSIGHTS_NO_TOKEN':
      case 'IO_INSIGHTS_BAD_TOKEN':
      case 'IO_INSIGHTS_CLUSTER_ID_UNREADABLE':
        return { kind: 'refused', message: describeError(error), counted: false };
      default:
        // A response that could not be read (too large a body) or a bug: not worth a retry storm.
        return { kind: 'refused', message: describeError(error), counted: true };
    }
  }
}
