import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * The archive storage's metrics (none of them exist in the original):
 * - `insights_storage_writes_blocked`: 1 while the disk guard refuses new archives (filesystem too full or
 *   unreadable), else 0
 * - `insights_archives_pruned_total`: archives deleted by the pruner over the process's life
 */
export class StorageMetrics {
  readonly #blocked: Gauge;
  readonly #pruned: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.#blocked = new Gauge({
      name: 'insights_storage_writes_blocked',
      help: 'Whether new archives are refused because the storage filesystem is too full (1) or not (0).',
      registers,
    });
    this.#blocked.set(0);
    this.#pruned = new Counter({
      name: 'insights_archives_pruned_total',
      help: 'Archives deleted by the pruner (uploaded, too old, or over the byte cap).',
      registers,
    });
  }

  setBlocked(blocked: boolean): void {
    this.#blocked.set(blocked ? 1 : 0);
  }

  countPruned(count: number): void {
    if (count > 0) this.#pruned.inc(count);
  }
}
