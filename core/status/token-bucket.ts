/**
 * A token bucket with reservations, as Go's `rate.Limiter` (`Reserve`/`Wait`): a reservation always
 * succeeds and says how long to wait before acting, so a caller that sleeps that long never re-checks.
 * Tokens go negative for reservations in the future, which keeps the long-run rate at one per interval
 * whatever the clock does (a frozen test clock only makes every further reservation wait one interval more).
 */
export class TokenBucket {
  readonly #intervalMs: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;

  /**
   * @param intervalMs one token is added every `intervalMs`
   * @param burst the most tokens held; the bucket starts full
   * @param now the clock, in milliseconds
   */
  constructor(intervalMs: number, burst: number, now: () => number) {
    if (!(intervalMs > 0) || !(burst >= 1)) throw new RangeError(`TokenBucket needs intervalMs > 0 and burst >= 1 (got ${intervalMs}, ${burst})`);
    this.#intervalMs = intervalMs;
    this.#burst = Math.floor(burst);
    this.#now = now;
    this.#tokens = this.#burst;
    this.#last = now();
  }

  /** Takes one token and returns how many milliseconds to wait before using it (0 when one was there). */
  reserve(): number {
    const t = this.#now();
    // A clock that steps back adds nothing; the bucket resumes refilling once it passes `last` again.
    const elapsed = Math.max(0, t - this.#last);
    this.#last = Math.max(this.#last, t);
    this.#tokens = Math.min(this.#burst, this.#tokens + elapsed / this.#intervalMs) - 1;
    return this.#tokens >= 0 ? 0 : Math.ceil(-this.#tokens * this.#intervalMs);
  }
}
