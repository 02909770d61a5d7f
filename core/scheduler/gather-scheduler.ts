import type { Logger } from 'pino';
import { describeError, operatorError } from '../errors/codes.ts';
import { realScheduler } from '../time/scheduler.ts';
import type { Scheduler, TimerHandle } from '../time/scheduler.ts';

/** Settings of a {@link GatherScheduler}. */
export interface GatherSchedulerOptions {
  /** The gather interval, read at each scheduling decision (the configuration can change it). */
  intervalMs: () => number;
  /** Wait before the first gather (see `initialGatherDelay`). */
  initialDelayMs: number;
  /** One gather; the operator builds its settings inside. It may throw: that is logged and the schedule goes on. */
  gather: (signal: AbortSignal) => Promise<void>;
  logger: Logger;
  /** Timers; real, unref'd timers by default. */
  scheduler?: Scheduler;
  /** Clock; `new Date()` by default. */
  now?: () => Date;
}

interface InFlight {
  readonly promise: Promise<void>;
  readonly controller: AbortController;
}

/**
 * Runs the periodic gather, as the original's `periodicTrigger`: the first gather after the initial
 * delay, then one every interval counted from the previous gather's start, with no jitter. Only one
 * gather runs at a time: when one outlasts the interval, the next starts as soon as it ends. Each
 * gather's signal aborts after one interval (the original's legacy gather timeout) or on `stop()`.
 *
 * Deviation: when the interval changes, the next gather is due one new interval after the previous
 * gather began (at once if that is past), where Go's `Ticker.Reset` counts from the change.
 */
export class GatherScheduler {
  readonly #options: GatherSchedulerOptions;
  readonly #scheduler: Scheduler;
  readonly #now: () => Date;
  #started = false;
  #stopped = false;
  #timer: TimerHandle | undefined;
  #inFlight: InFlight | undefined;
  /** Start of the last gather, by the clock, in ms. */
  #lastStartMs: number | undefined;
  /** The last interval that was a positive number, used when the source returns nonsense. */
  #lastGoodIntervalMs: number | undefined;

  constructor(options: GatherSchedulerOptions) {
    if (!(options.initialDelayMs >= 0) || !Number.isFinite(options.initialDelayMs)) {
      throw new RangeError(`GatherScheduler initialDelayMs: ${options.initialDelayMs} is not a duration`);
    }
    this.#options = options;
    this.#scheduler = options.scheduler ?? realScheduler;
    this.#now = options.now ?? (() => new Date());
  }

  /** Whether a gather is in flight. */
  get running(): boolean {
    return this.#inFlight !== undefined;
  }

  /**
   * Schedules the first gather after the initial delay (or, when `runNow()` already gathered, one
   * interval after that gather began). Does nothing when started or stopped already.
   * @throws RangeError when the interval is not a positive number
   */
  start(): void {
    if (this.#started || this.#stopped) return;
    const intervalMs = this.#options.intervalMs();
    if (!(intervalMs > 0) || !Number.isFinite(intervalMs)) throw new RangeError(`GatherScheduler intervalMs: ${intervalMs} is not a positive duration`);
    this.#lastGoodIntervalMs = intervalMs;
    this.#started = true;
    if (this.#inFlight !== undefined) return;
    if (this.#lastStartMs !== undefined) {
      this.#armNext();
      return;
    }
    this.#options.logger.info({ intervalMs, initialDelayMs: Math.round(this.#options.initialDelayMs) }, 'periodic gathering scheduled');
    this.#arm(this.#options.initialDelayMs);
  }

  /**
   * The interval changed: the next gather is due one (new) interval after the previous gather began,
   * or at once if that is past. A gather in flight keeps its deadline; the one after it follows the new
   * interval. Before the first gather the initial delay stands.
   */
  intervalChanged(): void {
    if (!this.#started || this.#stopped) return;
    this.#options.logger.info({ intervalMs: this.#intervalMs() }, 'gather interval changed');
    if (this.#inFlight !== undefined || this.#lastStartMs === undefined) return;
    this.#armNext();
  }

  /**
   * Gathers now, unless a gather is in flight: then it is that gather's promise. The promise never
   * rejects (a failed gather is logged); after `stop()` it resolves without gathering. The next
   * periodic gather is counted from this one's start.
   */
  runNow(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    return this.#inFlight?.promise ?? this.#run();
  }

  /**
   * No more gathers: cancels the pending one, aborts the one in flight (its signal) and waits for it to
   * end. Idempotent; final (build a new scheduler to gather again).
   */
  async stop(): Promise<void> {
    if (!this.#stopped) {
      this.#stopped = true;
      this.#clearTimer();
      this.#inFlight?.controller.abort(operatorError('IO_GATHER_STOPPED'));
    }
    await this.#inFlight?.promise;
  }

  #run(): Promise<void> {
    this.#clearTimer();
    const { logger, gather } = this.#options;
    const controller = new AbortController();
    const timeoutMs = this.#intervalMs();
    this.#lastStartMs = this.#now().getTime();
    const deadline = this.#scheduler.setTimeout(() => {
      const reason = operatorError('IO_GATHER_TIMEOUT', timeoutMs);
      logger.warn({ code: reason.code, timeoutMs }, reason.message);
      controller.abort(reason);
    }, timeoutMs);
    const promise = (async () => {
      try {
        await gather(controller.signal);
      } catch (error) {
        this.#logFailure(error, controller.signal);
      } finally {
        this.#scheduler.clearTimeout(deadline);
        this.#inFlight = undefined;
        if (this.#started && !this.#stopped) this.#armNext();
      }
    })();
    this.#inFlight = { promise, controller };
    return promise;
  }

  #logFailure(error: unknown, signal: AbortSignal): void {
    const code = typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
      ? (error as { code: string }).code
      : undefined;
    const fields = { err: describeError(error), ...(code === undefined ? {} : { code }) };
    if (this.#stopped && signal.aborted) {
      this.#options.logger.info(fields, 'the gather ended early because the gather scheduler is stopping');
    } else {
      this.#options.logger.error(fields, 'the gather failed; the next one runs as scheduled');
    }
  }

  /** Arms the timer for one interval after the last gather began (at once if that is past). */
  #armNext(): void {
    const dueMs = (this.#lastStartMs ?? this.#now().getTime()) + this.#intervalMs();
    this.#arm(Math.max(0, dueMs - this.#now().getTime()));
  }

  #arm(delayMs: number): void {
    this.#clearTimer();
    this.#timer = this.#scheduler.setTimeout(() => {
      this.#timer = undefined;
      if (this.#stopped || this.#inFlight !== undefined) return;
      void this.#run();
    }, delayMs);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#scheduler.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** The configured interval; a value that is not a positive number is logged and the last good one kept. */
  #intervalMs(): number {
    const intervalMs = this.#options.intervalMs();
    if (intervalMs > 0 && Number.isFinite(intervalMs)) {
      this.#lastGoodIntervalMs = intervalMs;
      return intervalMs;
    }
    const fallback = this.#lastGoodIntervalMs;
    if (fallback === undefined) throw new RangeError(`GatherScheduler intervalMs: ${intervalMs} is not a positive duration`);
    this.#options.logger.error({ intervalMs, usedMs: fallback }, 'the gather interval is not a positive duration; keeping the previous one');
    return fallback;
  }
}
