/**
 * Token bucket shared by every Kubernetes request of a gather (client-go's QPS and burst): a burst of
 * requests goes out at once, then they are spaced at `qps` per second. Waiters are served in order.
 */
export class RequestLimiter {
  readonly qps: number;
  readonly burst: number;
  #tokens: number;
  #last: number;
  #queue: Array<{ resolve: () => void; reject: (e: unknown) => void; signal: AbortSignal | undefined; onAbort: () => void }> = [];
  #timer: NodeJS.Timeout | undefined;
  readonly #now: () => number;

  constructor(options: { qps: number; burst: number; now?: () => number }) {
    if (!(options.qps > 0) || !(options.burst >= 1)) throw new RangeError('RequestLimiter needs qps > 0 and burst >= 1');
    this.qps = options.qps;
    this.burst = Math.floor(options.burst);
    this.#now = options.now ?? performance.now.bind(performance);
    this.#tokens = this.burst;
    this.#last = this.#now();
  }

  /** Resolves when the caller may send one request; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.#refill();
    if (this.#queue.length === 0 && this.#tokens >= 1) {
      this.#tokens -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const i = this.#queue.indexOf(waiter);
          if (i >= 0) this.#queue.splice(i, 1);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#queue.push(waiter);
      this.#schedule();
    });
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) / 1000) * this.qps);
    this.#last = now;
  }

  #schedule(): void {
    if (this.#timer !== undefined) return;
    const wait = Math.max(0, ((1 - this.#tokens) / this.qps) * 1000);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#refill();
      while (this.#queue.length > 0 && this.#tokens >= 1) {
        const waiter = this.#queue.shift()!;
        waiter.signal?.removeEventListener('abort', waiter.onAbort);
        this.#tokens -= 1;
        waiter.resolve();
      }
      if (this.#queue.length > 0) this.#schedule();
    }, Math.ceil(wait));
  }
}
