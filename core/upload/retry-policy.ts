/** How an upload is retried within one cycle (reliability spec §1.4). */
export interface RetryPolicy {
  /** Cap of the first backoff. */
  readonly initialMs: number;
  /** Growth of the cap per attempt. */
  readonly factor: number;
  /** Largest backoff, and largest `Retry-After` honoured. */
  readonly maxMs: number;
  /** No attempt starts later than this after the cycle's first one; the next cycle takes over. */
  readonly maxElapsedMs: number;
}

/** Defaults: 5 s, ×2, at most 60 s, within interval/8 (the gap between two cycles after a success). */
export const DEFAULT_RETRY = { initialMs: 5_000, factor: 2, maxMs: 60_000, maxElapsedFraction: 1 / 8 } as const;

/** The policy for a gather interval, with the caller's overrides. */
export function retryPolicy(
  intervalMs: number,
  overrides: { initialMs?: number; factor?: number; maxMs?: number; maxElapsedMs?: number } = {},
): RetryPolicy {
  return {
    initialMs: overrides.initialMs ?? DEFAULT_RETRY.initialMs,
    factor: overrides.factor ?? DEFAULT_RETRY.factor,
    maxMs: overrides.maxMs ?? DEFAULT_RETRY.maxMs,
    maxElapsedMs: overrides.maxElapsedMs ?? intervalMs * DEFAULT_RETRY.maxElapsedFraction,
  };
}

/**
 * The wait before retry number `attempt` + 1 (`attempt` = 0 after the first request): exponential
 * backoff with full jitter, `random × min(maxMs, initialMs × factor^attempt)`, but never less than the
 * server's `Retry-After`, itself clamped to `maxMs` (our choice: a server asking for more than the cap
 * gets the cap, and the cycle's elapsed budget decides whether that retry still happens).
 * @param retryAfterMs - the server's `Retry-After` in ms, when it sent one
 */
export function retryDelay(policy: RetryPolicy, attempt: number, random: () => number, retryAfterMs?: number): number {
  const cap = Math.min(policy.maxMs, policy.initialMs * policy.factor ** attempt);
  const backoff = random() * cap;
  if (retryAfterMs === undefined || !(retryAfterMs > 0)) return backoff;
  return Math.max(backoff, Math.min(retryAfterMs, policy.maxMs));
}
