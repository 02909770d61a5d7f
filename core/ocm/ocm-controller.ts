import { CoreV1Api } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { OperatorConfig } from '../config/merge-config.ts';
import type { InsightsHttp } from '../insights/insights-http.ts';
import type { OperatorMetrics } from '../metrics/operator-metrics.ts';
import type { StatusSources } from '../status/status-sources.ts';
import type { Scheduler } from '../time/scheduler.ts';
import { PeriodicLoop } from './periodic-loop.ts';

/** Options of the OCM controllers (SCA certificates, cluster transfers). */
export interface OcmControllerOptions {
  http: InsightsHttp;
  config: () => Readonly<OperatorConfig>;
  sources: StatusSources;
  /** The operator's own identity: the controllers read nodes and write secrets with it. */
  kubeConfig: KubeConfig;
  logger: Logger;
  scheduler?: Scheduler | undefined;
  /** Accepted for uniform wiring of the console services; the OCM controllers record no metric. */
  metrics?: OperatorMetrics | undefined;
  /** Accepted for uniform wiring; the OCM controllers read no clock. */
  now?: (() => Date) | undefined;
}

/**
 * What the OCM controllers share, as the original's `pkg/ocm` controllers do: a cycle at start and one
 * each interval after the previous ended, a status source registered at start, and a stop that aborts
 * the running cycle. Subclasses implement {@link OcmController.runOnce}.
 */
export abstract class OcmController {
  protected readonly o: OcmControllerOptions;
  protected readonly core: CoreV1Api;
  readonly #loop: PeriodicLoop;
  readonly #sourceName: string;

  protected constructor(options: OcmControllerOptions, name: string, sourceName: string, intervalMs: (config: Readonly<OperatorConfig>) => number) {
    this.o = options;
    this.core = options.kubeConfig.makeApiClient(CoreV1Api);
    this.#sourceName = sourceName;
    this.#loop = new PeriodicLoop({
      name,
      intervalMs: () => intervalMs(options.config()),
      run: (signal) => this.runOnce(signal),
      logger: options.logger,
      scheduler: options.scheduler,
    });
  }

  /** Registers the status source and runs the first cycle now. */
  start(): void {
    this.o.sources.register(this.#sourceName);
    this.#loop.start();
  }

  /** Re-arms the wait for the next cycle with the interval as configured now. */
  reconfigure(): void {
    this.#loop.reconfigure();
  }

  /** Aborts the running cycle (its request and backoff waits) and the timer. */
  async stop(): Promise<void> {
    await this.#loop.stop();
  }

  /** One cycle (exposed for tests and on-demand runs); it reports to the status source unless aborted. */
  abstract runOnce(signal?: AbortSignal): Promise<void>;
}
