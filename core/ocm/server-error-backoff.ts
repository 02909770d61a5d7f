import type { InsightsResponse } from '../insights/insights-http.ts';
import { abortableDelay } from '../time/abortable-delay.ts';
import type { Scheduler } from '../time/scheduler.ts';

/**
 * Consecutive failed OCM requests tolerated in one cycle (the original's `ocm.FailureCountThreshold`),
 * which is also the number of attempts of {@link sendWithServerErrorBackoff}.
 */
export const OCM_FAILURE_COUNT_THRESHOLD = 5;

/** The shape of the OCM controllers' backoff (`wait.Backoff{Duration, Factor: 2, Steps: 5, Cap}`). */
export interface ServerErrorBackoff {
  /** Wait before the second attempt; each later wait doubles it. */
  firstDelayMs: number;
  /** Longest single wait. */
  capMs: number;
  /** Attempts in all (default {@link OCM_FAILURE_COUNT_THRESHOLD}). */
  steps?: number;
}

/** Options of {@link sendWithServerErrorBackoff}. */
export interface ServerErrorBackoffOptions {
  scheduler?: Scheduler | undefined;
  /** Aborts a wait between attempts (the promise rejects with the signal's reason). */
  signal?: AbortSignal | undefined;
  /** Called before each wait, to log it. */
  onRetry?: (response: InsightsResponse, delayMs: number, attempt: number) => void;
}

/**
 * Sends with the OCM controllers' retry rule: only an HTTP status >= 500 is retried, after waits of
 * `firstDelayMs`, ×2 each time, capped, for `steps` attempts in all; the last response is returned
 * whatever its status. A transport error is not retried (a disconnected cluster would only wait longer)
 * and rejects at once.
 */
export async function sendWithServerErrorBackoff(
  send: () => Promise<InsightsResponse>,
  backoff: ServerErrorBackoff,
  options: ServerErrorBackoffOptions = {},
): Promise<InsightsResponse> {
  const steps = Math.max(1, backoff.steps ?? OCM_FAILURE_COUNT_THRESHOLD);
  let delayMs = backoff.firstDelayMs;
  for (let attempt = 1; ; attempt += 1) {
    const response = await send();
    if (response.statusCode < 500 || attempt >= steps) return response;
    const waitMs = Math.min(delayMs, backoff.capMs);
    options.onRetry?.(response, waitMs, attempt);
    await abortableDelay(waitMs, { scheduler: options.scheduler, signal: options.signal });
    delayMs *= 2;
  }
}
