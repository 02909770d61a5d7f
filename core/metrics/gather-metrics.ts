import { Counter, Gauge, type Registry } from 'prom-client';
import type { FunctionReport, FunctionStatus } from '../runner/function-report.ts';

/** Every status a function can end with; the status gauge has one series per status. */
export const FUNCTION_STATUSES: readonly FunctionStatus[] = ['ok', 'error', 'panic', 'timeout', 'skipped', 'disabled'];

/** What one gather's archive came to. */
export interface ArchiveFacts {
  /** Record bytes before compression (what `maxArchiveBytes` limits). */
  uncompressedBytes: number;
  /** Size of the `.tar.gz` on disk. */
  compressedBytes: number;
  /**
   * Records not stored, counted by reason (for example `too_large`, `duplicate_name`, `marshal`,
   * `after_deadline`); added to `insights_gather_records_dropped_total{reason}`.
   */
  droppedRecords?: Readonly<Record<string, number>>;
}

/** Outcome of plugin loading, for `insights_plugins{state}`. */
export interface PluginCounts {
  loaded: number;
  failed: number;
}

/**
 * The metrics of this implementation's gathers (none of them exist in the original):
 * - `insights_gather_function_duration_seconds{plugin,function}`: the function's duration in the last gather
 * - `insights_gather_function_status{plugin,function,status}`: 1 for the status of the last gather, 0 for the others
 * - `insights_gather_archive_bytes{kind="uncompressed"|"compressed"}`: the last archive's size
 * - `insights_gather_records_dropped_total{reason}`: records not stored, over the process's life
 * - `insights_plugins{state="loaded"|"failed"}`: plugins found at load time
 */
export class GatherMetrics {
  readonly #duration: Gauge<'plugin' | 'function'>;
  readonly #status: Gauge<'plugin' | 'function' | 'status'>;
  readonly #archiveBytes: Gauge<'kind'>;
  readonly #dropped: Counter<'reason'>;
  readonly #plugins: Gauge<'state'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.#duration = new Gauge({
      name: 'insights_gather_function_duration_seconds',
      help: 'How long each gathering function ran in the last gather, in seconds.',
      labelNames: ['plugin', 'function'] as const,
      registers,
    });
    this.#status = new Gauge({
      name: 'insights_gather_function_status',
      help: 'How each gathering function ended in the last gather: 1 for its status, 0 for the others.',
      labelNames: ['plugin', 'function', 'status'] as const,
      registers,
    });
    this.#archiveBytes = new Gauge({
      name: 'insights_gather_archive_bytes',
      help: 'Size of the last gather archive in bytes: record bytes before compression, and the .tar.gz file.',
      labelNames: ['kind'] as const,
      registers,
    });
    this.#dropped = new Counter({
      name: 'insights_gather_records_dropped_total',
      help: 'Records produced by gathering functions but not stored in the archive, by reason.',
      labelNames: ['reason'] as const,
      registers,
    });
    this.#plugins = new Gauge({
      name: 'insights_plugins',
      help: 'Gatherer plugins found at load time, by state.',
      labelNames: ['state'] as const,
      registers,
    });
    this.setPlugins({ loaded: 0, failed: 0 });
  }

  /**
   * Replaces the per-function series with those of this gather (functions absent from it disappear),
   * sets the archive sizes and adds the dropped records.
   */
  recordGather(reports: readonly FunctionReport[], archive: ArchiveFacts): void {
    this.#duration.reset();
    this.#status.reset();
    for (const report of reports) {
      const plugin = report.plugin;
      const fn = functionName(report);
      this.#duration.set({ plugin, function: fn }, report.durationMs / 1000);
      for (const status of FUNCTION_STATUSES) {
        this.#status.set({ plugin, function: fn, status }, status === report.status ? 1 : 0);
      }
    }
    this.#archiveBytes.set({ kind: 'uncompressed' }, archive.uncompressedBytes);
    this.#archiveBytes.set({ kind: 'compressed' }, archive.compressedBytes);
    for (const [reason, count] of Object.entries(archive.droppedRecords ?? {})) {
      if (count > 0) this.#dropped.inc({ reason }, count);
    }
  }

  /** Sets `insights_plugins{state}` from the loader's result. */
  setPlugins(counts: PluginCounts): void {
    this.#plugins.set({ state: 'loaded' }, counts.loaded);
    this.#plugins.set({ state: 'failed' }, counts.failed);
  }
}

/** The function's own name: `report.name` is `<plugin>/<function>`. */
function functionName(report: FunctionReport): string {
  const prefix = `${report.plugin}/`;
  return report.name.startsWith(prefix) ? report.name.slice(prefix.length) : report.name;
}
