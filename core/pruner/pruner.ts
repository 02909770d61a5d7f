import { basename } from 'node:path';
import { describeError } from '../errors/codes.ts';
import { removeStaleTempFiles } from '../recorder/stale-temp-files.ts';
import { enforceByteCap } from './enforce-byte-cap.ts';
import { jitter } from './jitter.ts';
import { maxAgeForInterval, pruneArchives, pruneCutoff } from './prune-archives.ts';
import { realScheduler } from '../time/scheduler.ts';
import type { PrunerLogger, Scheduler, TimerHandle } from '../time/scheduler.ts';

/** Passes run every `Jitter(PERIOD_FACTOR × interval, PERIOD_JITTER)`, as the original: 2h → 4h..8.8h. */
export const PRUNE_PERIOD_FACTOR = 2;
/** See {@link PRUNE_PERIOD_FACTOR}. */
export const PRUNE_PERIOD_JITTER = 1.2;
/** A failed pass is tried again after 1s, 1.5s, 2.25s: 4 attempts in all, as the original's backoff. */
export const PRUNE_RETRY = { initialMs: 1000, factor: 1.5, attempts: 4 } as const;

/** Settings of a {@link Pruner}. */
export interface PrunerOptions {
  /** The storage directory. */
  readonly directory: string;
  /** The gather interval; the period and the default maximum age derive from it. */
  readonly intervalMs: number;
  /** Oldest an archive may get; default `interval × 144` (12 days for 2h). */
  readonly maxAgeMs?: number;
  /** Cap on the archives' total bytes; none by default. The newest archive is always kept. */
  readonly maxBytes?: number;
  /** When an archive was last accepted by the ingress, read at each attempt; undefined when never. */
  readonly lastReported?: () => Date | undefined;
  readonly logger: PrunerLogger;
  /** Clock; `new Date()` by default. */
  readonly now?: () => Date;
  /** Timers; real, unref'd timers by default. */
  readonly scheduler?: Scheduler;
  /** Source of the period's jitter; `Math.random` by default. */
  readonly random?: () => number;
  /** Called after every scheduled attempt (not one that ends after `stop()`), for metrics and status; exceptions it throws are logged and ignored. */
  readonly onPass?: (report: PrunePassReport) => void;
}

/** What one pass removed. */
export interface PruneResult {
  /** Everything with mtime at or before it was due. */
  readonly cutoff: Date;
  /** Archives deleted, by age or upload first, then by the byte cap. */
  readonly deleted: readonly string[];
  /** Temporary files of dead writers removed. */
  readonly removedTemp: readonly string[];
}

/** One attempt of a scheduled pass, as handed to `onPass`. */
export type PrunePassReport =
  | ({ readonly ok: true; readonly attempt: number } & PruneResult)
  | { readonly ok: false; readonly attempt: number; readonly error: string; readonly willRetry: boolean };

/**
 * Keeps the storage directory bounded in the background, as the original's `PeriodicallyPrune`: each
 * pass deletes archives up to `max(lastReported, now − maxAge)`, then the oldest ones over the byte cap,
 * then dead writers' temporary files. Passes never overlap. Deviation: the jitter is drawn afresh for
 * every period (the original draws it once per process).
 */
export class Pruner {
  readonly #options: PrunerOptions;
  readonly #scheduler: Scheduler;
  readonly #maxAgeMs: number;
  #running = false;
  #generation = 0;
  #timer: TimerHandle | undefined;
  #chain: Promise<unknown> = Promise.resolve();

  constructor(options: PrunerOptions) {
    if (!(options.intervalMs > 0)) throw new RangeError(`Pruner intervalMs: ${options.intervalMs} is not a positive duration`);
    this.#options = options;
    this.#scheduler = options.scheduler ?? realScheduler;
    this.#maxAgeMs = options.maxAgeMs ?? maxAgeForInterval(options.intervalMs);
  }

  /** Whether passes are scheduled. */
  get running(): boolean {
    return this.#running;
  }

  /** Schedules the first pass one jittered period from now. Calling it while running does nothing. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#scheduleNextPeriod();
  }

  /**
   * Cancels the pending pass or retry and waits for a pass in progress to finish. Idempotent; the
   * pruner may be started again afterwards.
   */
  async stop(): Promise<void> {
    if (this.#running) {
      this.#running = false;
      this.#generation += 1;
      if (this.#timer !== undefined) this.#scheduler.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    await this.#chain;
  }

  /**
   * One pass now, without retries, after any pass in progress (for example right after an upload
   * moved `lastReported`).
   * @throws `IO_PRUNE_FAILED` or the file system's error when the directory cannot be pruned
   */
  pruneNow(): Promise<PruneResult> {
    const pass = this.#chain.then(() => this.#pass());
    this.#chain = pass.catch(() => undefined);
    return pass;
  }

  async #pass(): Promise<PruneResult> {
    const { directory, maxBytes } = this.#options;
    const prune = { lastReported: this.#options.lastReported?.(), now: this.#options.now?.() ?? new Date(), maxAgeMs: this.#maxAgeMs };
    const expired = await pruneArchives(directory, prune);
    const overCap = maxBytes === undefined ? [] : await enforceByteCap(directory, maxBytes);
    const removedTemp = await removeStaleTempFiles(directory);
    return { cutoff: pruneCutoff(prune), deleted: [...expired, ...overCap], removedTemp };
  }

  #scheduleNextPeriod(): void {
    const delayMs = jitter(PRUNE_PERIOD_FACTOR * this.#options.intervalMs, PRUNE_PERIOD_JITTER, this.#options.random);
    this.#options.logger.info({ delayMs: Math.round(delayMs), maxAgeMs: this.#maxAgeMs }, 'next archive prune scheduled');
    this.#schedule(delayMs, 1);
  }

  #schedule(delayMs: number, attempt: number): void {
    this.#timer = this.#scheduler.setTimeout(() => {
      this.#timer = undefined;
      void this.#attempt(attempt);
    }, delayMs);
  }

  async #attempt(attempt: number): Promise<void> {
    const generation = this.#generation;
    const { logger, directory } = this.#options;
    let report: PrunePassReport;
    try {
      const result = await this.pruneNow();
      report = { ok: true, attempt, ...result };
      const removed = [...result.deleted, ...result.removedTemp].map((path) => basename(path));
      if (removed.length > 0) {
        logger.info({ directory, removed, cutoff: result.cutoff.toISOString() }, `pruned ${removed.length} file(s) from the storage directory`);
      }
    } catch (error) {
      const willRetry = attempt < PRUNE_RETRY.attempts;
      report = { ok: false, attempt, error: describeError(error), willRetry };
      logger.error({ directory, attempt, willRetry, err: report.error }, 'failed to prune older archives');
    }
    if (generation !== this.#generation) return;
    if (!report.ok && report.willRetry) {
      this.#schedule(PRUNE_RETRY.initialMs * PRUNE_RETRY.factor ** (attempt - 1), attempt + 1);
    } else {
      this.#scheduleNextPeriod();
    }
    try {
      this.#options.onPass?.(report);
    } catch (error) {
      logger.warn({ err: describeError(error) }, 'the prune report callback failed');
    }
  }
}
