import type { FunctionStatus } from '../runner/function-report.ts';

/** One gathering function as `inspect` reports it. */
export interface InspectedFunction {
  name: string;
  status: FunctionStatus;
  duration_in_ms: number;
  records_count: number;
  /** Why it did not succeed: the first error, the panic, or why it was skipped; null when ok. */
  reason: string | null;
  errors: number;
  warnings: number;
}

/** One plugin's summary entry (the original: one per gatherer). */
export interface InspectedPlugin {
  name: string;
  version: string | null;
  status: FunctionStatus;
  duration_in_ms: number;
  records_count: number;
}

/** `gathers.json` reduced to what `inspect` shows. */
export interface GathersSummary {
  functions: InspectedFunction[];
  plugins: InspectedPlugin[];
  status_counts: Record<FunctionStatus, number>;
  records_count: number;
}

const STATUSES: readonly FunctionStatus[] = ['ok', 'error', 'panic', 'timeout', 'skipped', 'disabled'];

/**
 * Reads the `status_reports` of a `gathers.json`. Entries named `plugin/function` are functions, the
 * others the per-plugin summaries. Archives of the original operator have no `status` field: it is
 * derived as the original's readers do (a panic, else errors, else ok). Malformed entries are left
 * out; the schema check reports them.
 */
export function summarizeGathers(gathers: unknown): GathersSummary {
  const reports = (gathers as { status_reports?: unknown } | null)?.status_reports;
  const functions: InspectedFunction[] = [];
  const plugins: InspectedPlugin[] = [];
  for (const entry of Array.isArray(reports) ? reports as unknown[] : []) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as Record<string, unknown>;
    if (typeof e.name !== 'string') continue;
    const errors = strings(e.errors);
    const warnings = strings(e.warnings);
    const panic = typeof e.panic === 'string' ? e.panic : e.panic === null || e.panic === undefined ? null : JSON.stringify(e.panic);
    const status = STATUSES.includes(e.status as FunctionStatus)
      ? e.status as FunctionStatus
      : panic !== null ? 'panic' : errors.length > 0 ? 'error' : 'ok';
    const duration = count(e.duration_in_ms);
    const records = count(e.records_count);
    if (e.name.includes('/')) {
      functions.push({
        name: e.name, status, duration_in_ms: duration, records_count: records,
        reason: reasonOf(status, errors, warnings, panic), errors: errors.length, warnings: warnings.length,
      });
    } else {
      plugins.push({ name: e.name, version: typeof e.version === 'string' ? e.version : null, status, duration_in_ms: duration, records_count: records });
    }
  }
  const statusCounts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<FunctionStatus, number>;
  for (const f of functions) statusCounts[f.status]++;
  return { functions, plugins, status_counts: statusCounts, records_count: functions.reduce((sum, f) => sum + f.records_count, 0) };
}

function reasonOf(status: FunctionStatus, errors: string[], warnings: string[], panic: string | null): string | null {
  switch (status) {
    case 'ok': return null;
    case 'panic': return panic ?? errors[0] ?? null;
    // The runner puts why a function was not due (its plugin's period) in its warnings.
    case 'skipped': return warnings[0] ?? errors[0] ?? null;
    case 'disabled': return errors[0] ?? warnings[0] ?? 'disabled by disabledGatherers or the gathering configuration';
    default: return errors[0] ?? null;
  }
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : 0;
}
