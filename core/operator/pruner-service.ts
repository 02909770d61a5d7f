import type { Logger } from 'pino';
import { Pruner } from '../pruner/pruner.ts';
import type { PrunePassReport } from '../pruner/pruner.ts';
import type { Scheduler } from '../time/scheduler.ts';

/** Where and how often to prune, read from the current configuration. */
export interface PruneTarget {
  directory: string;
  intervalMs: number;
}

/** Options of {@link PrunerService}. */
export interface PrunerServiceOptions {
  target: () => PruneTarget;
  /** Cap on the archives' total bytes (`gather.maxStorageBytes`), if any. */
  maxBytes?: number | undefined;
  /** When the ingress last accepted an archive; from the uploader. */
  lastReported?: () => Date | undefined;
  logger: Logger;
  onPass?: (report: PrunePassReport) => void;
  scheduler?: Scheduler;
  now?: () => Date;
}

/**
 * The pruner as an operator service: its period and maximum age derive from the gather interval and its
 * directory from the storage path, so a configuration change replaces the running pruner by one with
 * the new values (`reconfigure`), without a restart.
 */
export class PrunerService {
  readonly #options: PrunerServiceOptions;
  #pruner: Pruner | undefined;
  #target: PruneTarget | undefined;

  constructor(options: PrunerServiceOptions) {
    this.#options = options;
  }

  start(): void {
    this.#replace(this.#options.target());
  }

  /** Re-reads the target; replaces the pruner when the directory or the interval changed. */
  async reconfigure(): Promise<void> {
    if (this.#pruner === undefined) return;
    const next = this.#options.target();
    if (next.directory === this.#target?.directory && next.intervalMs === this.#target.intervalMs) return;
    await this.#pruner.stop();
    this.#replace(next);
  }

  async stop(): Promise<void> {
    const pruner = this.#pruner;
    this.#pruner = undefined;
    await pruner?.stop();
  }

  #replace(target: PruneTarget): void {
    const o = this.#options;
    this.#target = target;
    this.#pruner = new Pruner({
      directory: target.directory,
      intervalMs: target.intervalMs,
      ...(o.maxBytes === undefined ? {} : { maxBytes: o.maxBytes }),
      ...(o.lastReported === undefined ? {} : { lastReported: o.lastReported }),
      logger: o.logger,
      ...(o.now === undefined ? {} : { now: o.now }),
      ...(o.scheduler === undefined ? {} : { scheduler: o.scheduler }),
      ...(o.onPass === undefined ? {} : { onPass: o.onPass }),
    });
    this.#pruner.start();
  }
}
