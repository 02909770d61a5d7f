import type { Logger } from 'pino';
import { describeError } from '../errors/codes.ts';
import type { InsightsHttp, InsightsRequest, InsightsResponse } from '../insights/insights-http.ts';
import { quoteBody } from '../insights/quote-body.ts';
import { redactUrl } from '../insights/redact-url.ts';
import type { Scheduler } from '../time/scheduler.ts';
import { sendWithServerErrorBackoff } from './server-error-backoff.ts';
import type { ServerErrorBackoff } from './server-error-backoff.ts';
import { statusReason } from './status-reason.ts';

/** What one OCM request (with its retries) came to. */
export type OcmOutcome =
  /** A 2xx or 3xx answer (the original treats everything in 200–399 as data). */
  | { kind: 'ok'; response: InsightsResponse }
  /** An HTTP status outside 200–399, after the retries >= 500 get. */
  | { kind: 'http'; statusCode: number; reason: string; message: string }
  /** No HTTP answer (transport failure, no token, no cluster ID yet): a disconnected cluster, as the original reads it. */
  | { kind: 'transport'; message: string };

/** Options of {@link ocmRequest}. */
export interface OcmRequestOptions {
  backoff: ServerErrorBackoff;
  /** Cancels the request and the waits; the promise then rejects with the signal's reason. */
  signal: AbortSignal;
  scheduler?: Scheduler | undefined;
  logger: Logger;
  /** Values scrubbed from quoted bodies (the token), should a server echo the request back. */
  secrets?: readonly (string | { reveal(): string } | undefined)[];
}

/**
 * Sends one request to the OCM API the way the SCA and cluster-transfer controllers do: `AccessToken`
 * authorization, JSON content type, retries only on HTTP >= 500 (`sendWithServerErrorBackoff`). Never
 * throws for a failed request (only when `signal` aborts): the outcome says what happened, with a
 * message fit for a condition (URL userinfo removed, body quoted ≤ 1 KiB and scrubbed).
 */
export async function ocmRequest(
  http: InsightsHttp,
  request: Omit<InsightsRequest, 'auth' | 'signal'>,
  options: OcmRequestOptions,
): Promise<OcmOutcome> {
  const url = redactUrl(request.url);
  let response: InsightsResponse;
  try {
    response = await sendWithServerErrorBackoff(
      () => http.request({ ...request, auth: 'ocm', headers: { 'content-type': 'application/json', ...request.headers }, signal: options.signal }),
      options.backoff,
      {
        scheduler: options.scheduler,
        signal: options.signal,
        onRetry: (failed, delayMs, attempt) =>
          options.logger.warn({ url, statusCode: failed.statusCode, attempt, delayMs: Math.round(delayMs) }, 'OCM API answered a server error; trying again'),
      },
    );
  } catch (error) {
    if (options.signal.aborted) throw options.signal.reason;
    return { kind: 'transport', message: describeError(error) };
  }
  if (response.statusCode >= 200 && response.statusCode <= 399) return { kind: 'ok', response };
  const body = quoteBody(response.body, options.secrets ?? []);
  return {
    kind: 'http',
    statusCode: response.statusCode,
    reason: statusReason(response.statusCode),
    message: `OCM API ${url} returned HTTP ${response.statusCode}: ${body}`,
  };
}
