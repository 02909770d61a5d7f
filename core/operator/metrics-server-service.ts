import { unwatchFile, watchFile } from 'node:fs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { describeError } from '../errors/codes.ts';
import { startHealthAndMetricsServers } from '../metrics/health-and-metrics-servers.ts';
import type { HealthAndMetricsServers, MetricsTlsFiles } from '../metrics/health-and-metrics-servers.ts';

/** Where the operator serves `/metrics` and `/healthz`/`/readyz`. */
export interface ServeOptions {
  host: string;
  metricsPort: number;
  healthPort: number;
  /** The serving certificate; `/metrics` is plain HTTP without it (local runs). */
  tls?: MetricsTlsFiles | undefined;
  /** How often the certificate file is checked for rotation (default 60 s; the service CA rotates yearly). */
  tlsPollMs?: number;
}

/**
 * The metrics and health servers as an operator service; `ready` decides `/readyz`. A rotated serving
 * certificate (the mounted secret changes in place) is picked up without a restart.
 */
export class MetricsServerService {
  readonly #options: ServeOptions;
  readonly #registry: Registry;
  readonly #ready: () => boolean;
  readonly #logger: Logger;
  #servers: HealthAndMetricsServers | undefined;
  #onCertChange: (() => void) | undefined;

  constructor(options: ServeOptions, registry: Registry, ready: () => boolean, logger: Logger) {
    this.#options = options;
    this.#registry = registry;
    this.#ready = ready;
    this.#logger = logger;
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
    const tls = this.#options.tls;
    if (tls !== undefined) {
      // Polling stat follows the secret volume's symlink swap, which inotify on the old target would miss.
      const servers = this.#servers;
      this.#onCertChange = () => {
        servers.reloadTls().then(
          () => this.#logger.info({ certFile: tls.certFile }, 'metrics serving certificate reloaded'),
          (error: unknown) => this.#logger.error({ err: describeError(error) }, 'the rotated metrics serving certificate cannot be used; the previous one stays'),
        );
      };
      watchFile(tls.certFile, { interval: this.#options.tlsPollMs ?? 60_000, persistent: false }, this.#onCertChange);
    }
  }

  async stop(): Promise<void> {
    if (this.#options.tls !== undefined && this.#onCertChange !== undefined) unwatchFile(this.#options.tls.certFile, this.#onCertChange);
    await this.#servers?.close();
  }
}
