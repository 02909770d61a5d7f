import type { Logger } from 'pino';
import { describeError } from '../errors/codes.ts';
import { abortableDelay } from '../time/abortable-delay.ts';
import type { Scheduler } from '../time/scheduler.ts';

/** Options of {@link PeriodicLoop}. */
export interface PeriodicLoopOptions {
  /** Names the loop in log lines. */
  name: string;
  /** The wait after each run, read again before every wait (configuration changes at run time). */
  intervalMs: () => number;
  /** One cycle; it should stop early when the signal aborts. What it throws is logged, never fatal. */
  run: (signal: AbortSignal) => Promise<void>;
  logger: Logger;
  scheduler?: Scheduler | undefined;
}

/**
 * Runs a cycle at start, then again each interval after the previous cycle ended (so cycles never
 * overlap), as the original's OCM controllers do. `stop()` aborts the running cycle and the wait.
 */
export class PeriodicLoop {
  readonly #options: PeriodicLoopOptions;
  #stop: AbortController | undefined;
  #wait: AbortController | undefined;
  #done: Promise<void> | undefined;

  constructor(options: PeriodicLoopOptions) {
    this.#options = options;
  }

  /** Whether the loop runs (started and not stopped). */
  get running(): boolean {
    return this.#stop !== undefined;
  }

  /** Starts the first cycle now; a second call while running does nothing. */
  start(): void {
    if (this.#stop !== undefined) return;
    const stop = new AbortController();
    this.#stop = stop;
    this.#done = this.#loop(stop.signal);
  }

  /**
   * Restarts the current wait with the interval as it is now, counted from now (the original re-arms
   * its timer on a configuration change); a running cycle is not disturbed.
   */
  reconfigure(): void {
    this.#wait?.abort();
  }

  /** Aborts the running cycle and the wait, and resolves once the loop has ended. */
  async stop(): Promise<void> {
    const stop = this.#stop;
    const done = this.#done;
    this.#stop = undefined;
    this.#done = undefined;
    stop?.abort();
    await done;
  }

  async #loop(stop: AbortSignal): Promise<void> {
    const o = this.#options;
    while (!stop.aborted) {
      try {
        await o.run(stop);
      } catch (error) {
        if (!stop.aborted) o.logger.error({ loop: o.name, err: describeError(error) }, 'periodic cycle failed');
      }
      if (!(await this.#waitInterval(stop))) return;
    }
  }

  /** Waits one interval; false when the loop was stopped meanwhile. */
  async #waitInterval(stop: AbortSignal): Promise<boolean> {
    const o = this.#options;
    for (;;) {
      if (stop.aborted) return false;
      const wait = new AbortController();
      this.#wait = wait;
      try {
        await abortableDelay(Math.max(1, o.intervalMs()), { scheduler: o.scheduler, signal: AbortSignal.any([stop, wait.signal]) });
        return true;
      } catch {
        // Stopped (checked at the top) or reconfigured (wait again with the interval as it is now).
      } finally {
        this.#wait = undefined;
      }
    }
  }
}
