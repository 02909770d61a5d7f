/** How a gathering function ended, as written to `gathers.json`. */
export type FunctionStatus = 'ok' | 'error' | 'panic' | 'timeout' | 'skipped' | 'disabled';

/** Everything the run learned about one function; becomes one `status_reports` entry. */
export interface FunctionReport {
  /** `<plugin>/<function>`. */
  name: string;
  plugin: string;
  status: FunctionStatus;
  durationMs: number;
  /** Records actually stored in the archive. */
  recordsCount: number;
  errors: string[];
  warnings: string[];
  /** What a runtime fault threw, when the status is `panic`. */
  panic: string | null;
  /** Start time, relative to the run's start, for per-plugin durations. */
  startedAtMs: number;
}

/** The report of a function that did not run: `disabled`, or `skipped` with the reason as a warning. */
export function notRun(name: string, plugin: string, status: 'disabled' | 'skipped', reason?: string): FunctionReport {
  return {
    name, plugin, status, durationMs: 0, recordsCount: 0,
    errors: [], warnings: reason === undefined ? [] : [reason], panic: null, startedAtMs: 0,
  };
}
