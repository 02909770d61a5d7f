import type { Logger } from 'pino';
import { describeError } from '../errors/codes.ts';

/** A long-running service the operator starts and stops. */
export interface Service {
  /** Resolves once the service runs; may reject, which aborts the operator's start. */
  start(): Promise<void> | void;
  /** Resolves once the service has released what it holds (timers, sockets, in-flight work); idempotent. */
  stop(): Promise<void> | void;
}

/** The outcome of {@link Lifecycle.stop}. */
export interface StopReport {
  /** Services that stopped within the deadline, in stop order. */
  stopped: string[];
  /** Services whose stop threw or did not finish within the deadline. */
  failed: { name: string; error: string }[];
}

/**
 * Starts services in the order they were added and stops them in reverse, as one unit: a service that
 * fails to start stops the ones already started, and `stop` is bounded by a deadline so that a stuck
 * service cannot hold the pod past its termination grace period.
 */
export class Lifecycle {
  readonly #services: { name: string; service: Service }[] = [];
  readonly #started: { name: string; service: Service }[] = [];
  readonly #logger: Logger;
  #stopping: Promise<StopReport> | undefined;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Adds a service; services start in this order. */
  add(name: string, service: Service): this {
    this.#services.push({ name, service });
    return this;
  }

  /** Starts every service in order. If one fails, those already started are stopped and the error is rethrown. */
  async start(): Promise<void> {
    for (const entry of this.#services) {
      if (this.#stopping !== undefined) return;
      try {
        await entry.service.start();
      } catch (error) {
        this.#logger.error({ service: entry.name, err: describeError(error) }, `service ${entry.name} failed to start; stopping the others`);
        await this.stop(10_000);
        throw error;
      }
      this.#started.push(entry);
      this.#logger.debug({ service: entry.name }, 'service started');
    }
  }

  /**
   * Stops the started services in reverse order within `deadlineMs` overall. A service still stopping at
   * the deadline is reported as failed and left behind; later calls return the same report.
   */
  stop(deadlineMs = 25_000): Promise<StopReport> {
    this.#stopping ??= this.#stopAll(deadlineMs);
    return this.#stopping;
  }

  async #stopAll(deadlineMs: number): Promise<StopReport> {
    const report: StopReport = { stopped: [], failed: [] };
    const deadline = performance.now() + deadlineMs;
    for (const { name, service } of [...this.#started].reverse()) {
      const left = Math.max(0, deadline - performance.now());
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(() => service.stop()),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`did not stop within the shutdown deadline (${deadlineMs} ms)`)), left);
          }),
        ]);
        report.stopped.push(name);
      } catch (error) {
        report.failed.push({ name, error: describeError(error) });
        this.#logger.warn({ service: name, err: describeError(error) }, `service ${name} did not stop cleanly`);
      } finally {
        clearTimeout(timer);
      }
    }
    return report;
  }
}
