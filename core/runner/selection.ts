import type { LoadedPlugin } from '../loader/loaded-plugin.ts';
import type { FunctionReport } from './function-report.ts';
import type { FunctionJob } from './run-function.ts';

/** Deadline of a function unless something overrides it. */
export const DEFAULT_FUNCTION_TIMEOUT_MS = 5 * 60 * 1000;

/** What decides which functions run and for how long. */
export interface SelectionInput {
  plugins: readonly LoadedPlugin[];
  /** `all`, `<plugin>` or `<plugin>/<function>`, from every source. */
  disabled: readonly string[];
  /**
   * `<plugin>/<function>` names that run although their plugin is disabled: the InsightsDataGather v1
   * `Custom` mode's "gatherer Disabled, function Enabled" (`all` still wins).
   */
  enabledExceptions?: readonly string[] | undefined;
  /** Overrides every function's deadline. */
  timeoutMs?: number | undefined;
  /** Per-function deadlines by `<plugin>/<function>`; win over everything. */
  functionTimeoutsMs?: Readonly<Record<string, number>> | undefined;
  /** Each plugin's configuration slice, by plugin name. */
  pluginConfig?: Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined;
}

/** The outcome of selection. */
export interface Selection {
  jobs: FunctionJob[];
  /** Reports (status `disabled`) for the functions not run. */
  disabled: FunctionReport[];
  /** Disable entries that name nothing loaded: reported, never silently ignored. */
  unknown: string[];
  /** `all` was given: gathering is off. */
  allDisabled: boolean;
}

/**
 * Resolves `disabledGatherers` against the loaded plugins, with the semantics of the original's
 * `disabledGatherers` (`all`, a whole gatherer, or one `gatherer/function`), and assigns deadlines.
 */
export function selectFunctions(input: SelectionInput): Selection {
  const disabled = new Set(input.disabled.map((name) => name.trim()).filter((name) => name !== ''));
  const allDisabled = [...disabled].some((name) => name.toLowerCase() === 'all');
  const enabled = new Set(input.enabledExceptions ?? []);
  const known = new Set<string>();
  const jobs: FunctionJob[] = [];
  const skipped: FunctionReport[] = [];
  for (const loaded of input.plugins) {
    const plugin = loaded.plugin;
    known.add(plugin.name);
    for (const [name, fn] of Object.entries(plugin.functions)) {
      const fullName = `${plugin.name}/${name}`;
      known.add(fullName);
      const excepted = enabled.has(fullName) && !disabled.has(fullName);
      if (allDisabled || (disabled.has(plugin.name) && !excepted) || disabled.has(fullName)) {
        skipped.push({
          name: fullName, plugin: plugin.name, status: 'disabled', durationMs: 0, recordsCount: 0,
          errors: [], warnings: [], panic: null, startedAtMs: 0,
        });
        continue;
      }
      const timeoutMs = input.functionTimeoutsMs?.[fullName] ?? input.timeoutMs ?? fn.timeoutMs ?? DEFAULT_FUNCTION_TIMEOUT_MS;
      jobs.push({ plugin: plugin.name, name, fullName, fn, timeoutMs, config: input.pluginConfig?.[plugin.name] ?? {} });
    }
  }
  const unknown = [...disabled].filter((name) => name.toLowerCase() !== 'all' && !known.has(name));
  return { jobs, disabled: skipped, unknown, allDisabled };
}
