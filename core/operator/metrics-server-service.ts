import type { Registry } from 'prom-client';
import { startHealthAndMetricsServers } from '../metrics/health-and-metrics-servers.ts';
import type { HealthAndMetricsServers, MetricsTlsFiles } from '../metrics/health-and-metrics-servers.ts';

/** Where the operator serves `/metrics` and `/healthz`/`/readyz`. */
export interface ServeOptions {
  host: string;
  metricsPort: number;
  healthPort: number;
  /** The serving certificate; `/metrics` is plain HTTP without it (local runs). */
  tls?: MetricsTlsFiles | undefined;
}

/** The metrics and health servers as an operator service; `ready` decides `/readyz`. */
export class MetricsServerService {
  readonly #options: ServeOptions;
  readonly #registry: Registry;
  readonly #ready: () => boolean;
  #servers: HealthAndMetricsServers | undefined;

  constructor(options: ServeOptions, registry: Registry, ready: () => boolean) {
    this.#options = options;
    this.#registry = registry;
    this.#ready = ready;
  }

  /** The running servers (ports actually bound), once started. */
  get servers(): HealthAndMetricsServers | undefined {
    return this.#servers;
  }

  async start(): Promise<void> {
    this.#servers = await startHealthAndMetricsServers({
      host: this.#options.host,
      metricsPort: this.#options.metricsPort,
      healthPort: this.#options.healthPort,
      ...(this.#options.tls === undefined ? {} : { tls: this.#options.tls }),
      registry: this.#registry,
      ready: this.#ready,
    });
  }

  async stop(): Promise<void> {
    await this.#servers?.close();
  }
}
