import { Counter, type Registry } from 'prom-client';

/**
 * The uploader's own metric (not in the original):
 * - `insights_corrupt_archives_total`: archives found unreadable before upload (0 bytes, truncated gzip,
 *   not a tar, no `insights-operator/gathers.json`) and moved to quarantine instead of being sent
 */
export class UploadMetrics {
  readonly #corrupt: Counter;

  constructor(registry: Registry) {
    this.#corrupt = new Counter({
      name: 'insights_corrupt_archives_total',
      help: 'Archives found corrupt before upload; they are quarantined and never sent.',
      registers: [registry],
    });
  }

  countCorrupt(): void {
    this.#corrupt.inc();
  }
}
