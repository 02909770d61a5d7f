import { PLANNER_REPORT_NAME } from '../../plugin-api/planner.ts';
import type { LoadedPlugin, PluginFailure } from '../loader/loaded-plugin.ts';
import type { FunctionReport, FunctionStatus } from '../runner/function-report.ts';

/** Archive path of the metadata, as the original's `MetadataRecordName`. */
export const METADATA_RECORD_NAME = 'insights-operator/gathers';

/** One `status_reports` entry, in the original's field names. */
export interface StatusReport {
  name: string;
  duration_in_ms: number;
  records_count: number;
  errors: string[] | null;
  warnings: string[] | null;
  panic: string | null;
  status: FunctionStatus;
  version?: string;
}

/** The whole `insights-operator/gathers.json`; see `config/gathers.schema.json`. */
export interface GathersMetadata {
  status_reports: StatusReport[];
  container_memory_bytes_usage: number;
  uptime_seconds: number;
  is_global_obfuscation_enabled: boolean;
  plugin_failures: PluginFailure[];
  unknown_disabled_gatherers: string[];
}

const FAILED: ReadonlySet<FunctionStatus> = new Set(['error', 'panic', 'timeout']);

/**
 * Builds the metadata: each function's entry, then one summary entry per plugin (as the original writes
 * one per gatherer), in plugin load order.
 */
export function buildGathersMetadata(input: {
  plugins: readonly LoadedPlugin[];
  reports: readonly FunctionReport[];
  failures: readonly PluginFailure[];
  unknownDisabled: readonly string[];
  /** Whether networking obfuscation was applied to this archive (not merely asked for). */
  obfuscation: boolean;
}): GathersMetadata {
  const statusReports: StatusReport[] = [];
  for (const { plugin, manifest } of input.plugins) {
    // In the plugin's declaration order, whether a function ran or was disabled.
    // The planner first, then the functions, then the planned calls in the order they were planned.
    const order = new Map([PLANNER_REPORT_NAME, ...Object.keys(plugin.functions)].map((name, i) => [`${plugin.name}/${name}`, i]));
    const position = (r: FunctionReport) => order.get(r.name) ?? order.size;
    const own = input.reports.filter((r) => r.plugin === plugin.name).sort((a, b) => position(a) - position(b));
    for (const r of own) statusReports.push(toEntry(r));
    const ran = own.filter((r) => r.status !== 'disabled' && r.status !== 'skipped');
    const start = Math.min(...ran.map((r) => r.startedAtMs));
    const end = Math.max(...ran.map((r) => r.startedAtMs + r.durationMs));
    const errors = own
      .filter((r) => FAILED.has(r.status))
      .map((r) => `function "${r.name.slice(plugin.name.length + 1)}" ${r.status === 'panic' ? 'panicked' : r.status === 'timeout' ? 'timed out' : 'failed with an error'}`);
    // A plugin none of whose functions ran is `disabled` when all were disabled, else `skipped` (its
    // period had not come, or the gather was cancelled first); a not-due reason is repeated here.
    const skipped = own.length > 0 && ran.length === 0 && !own.every((r) => r.status === 'disabled');
    statusReports.push({
      name: plugin.name,
      duration_in_ms: ran.length === 0 ? 0 : Math.round(end - start),
      records_count: own.reduce((sum, r) => sum + r.recordsCount, 0),
      errors: orNull(errors),
      warnings: skipped ? orNull(own.filter((r) => r.status === 'skipped').flatMap((r) => r.warnings)) : null,
      panic: null,
      status: own.length > 0 && own.every((r) => r.status === 'disabled') ? 'disabled' : skipped ? 'skipped' : errors.length > 0 ? 'error' : 'ok',
      version: manifest.version,
    });
  }
  return {
    status_reports: statusReports,
    container_memory_bytes_usage: peakRssBytes(),
    uptime_seconds: Math.floor(process.uptime() * 1000) / 1000,
    is_global_obfuscation_enabled: input.obfuscation,
    plugin_failures: input.failures.map((f) => ({ ...f })),
    unknown_disabled_gatherers: [...input.unknownDisabled],
  };
}

/** Peak resident set size of this process, in bytes (the original leaves this field at 0). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

function toEntry(r: FunctionReport): StatusReport {
  return {
    name: r.name,
    duration_in_ms: r.durationMs,
    records_count: r.recordsCount,
    errors: orNull(r.errors),
    warnings: orNull(r.warnings),
    panic: r.panic,
    status: r.status,
  };
}

/** Messages kept per entry: a function with 50,000 identical warnings must not bloat the metadata. */
export const MAX_MESSAGES_PER_ENTRY = 100;

function orNull(list: readonly string[]): string[] | null {
  if (list.length === 0) return null;
  const unique = [...new Set(list)];
  if (unique.length <= MAX_MESSAGES_PER_ENTRY) return unique;
  return [...unique.slice(0, MAX_MESSAGES_PER_ENTRY), `... and ${unique.length - MAX_MESSAGES_PER_ENTRY} more`];
}
