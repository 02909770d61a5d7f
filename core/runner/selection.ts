import type { LoadedPlugin } from '../loader/loaded-plugin.ts';
import { PLANNER_REPORT_NAME } from '../../plugin-api/planner.ts';
import { notRun } from './function-report.ts';
import type { FunctionReport } from './function-report.ts';
import { planGroup } from './plan-group.ts';
import type { PlanGroup } from './plan-group.ts';
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
  /**
   * Plugins whose period has not come yet (see `PluginPeriods.notDue`), with the reason: their
   * functions are reported `skipped` with the reason as a warning, unless disabled.
   */
  notDue?: ReadonlyMap<string, string> | undefined;
}

/** The outcome of selection. */
export interface Selection {
  /**
   * The functions to run. Those of a plugin with a planner (see `groups`) wait for its planning, and
   * see its state.
   */
  jobs: FunctionJob[];
  /** One per plugin with a planner that runs: its planner, and how its planned calls become jobs. */
  groups: PlanGroup[];
  /** Reports (status `disabled`) for the functions not run. */
  disabled: FunctionReport[];
  /** Reports (status `skipped`, the reason in `warnings`) for the functions of plugins not due. */
  skipped: FunctionReport[];
  /** Disable entries that name nothing loaded: reported, never silently ignored. */
  unknown: string[];
  /** `all` was given: gathering is off. */
  allDisabled: boolean;
}

/**
 * Resolves `disabledGatherers` against the loaded plugins, with the semantics of the original's
 * `disabledGatherers` (`all`, a whole gatherer, or one `gatherer/function`), skips the functions of
 * plugins whose period has not come, and assigns deadlines.
 */
export function selectFunctions(input: SelectionInput): Selection {
  const disabled = new Set(input.disabled.map((name) => name.trim()).filter((name) => name !== ''));
  const allDisabled = [...disabled].some((name) => name.toLowerCase() === 'all');
  const enabled = new Set(input.enabledExceptions ?? []);
  const known = new Set<string>();
  const jobs: FunctionJob[] = [];
  const groups: PlanGroup[] = [];
  const off: FunctionReport[] = [];
  const skipped: FunctionReport[] = [];
  const isOff = (plugin: string, fullName: string): boolean => {
    const excepted = enabled.has(fullName) && !disabled.has(fullName);
    return allDisabled || (disabled.has(plugin) && !excepted) || disabled.has(fullName);
  };
  const deadline = (fullName: string, own: number | undefined, base?: string): number =>
    input.functionTimeoutsMs?.[fullName] ?? (base === undefined ? undefined : input.functionTimeoutsMs?.[base])
    ?? input.timeoutMs ?? own ?? DEFAULT_FUNCTION_TIMEOUT_MS;
  for (const loaded of input.plugins) {
    const plugin = loaded.plugin;
    const config = input.pluginConfig?.[plugin.name] ?? {};
    known.add(plugin.name);
    for (const name of Object.keys(plugin.plannedFunctions ?? {})) known.add(`${plugin.name}/${name}`);
    const notDue = input.notDue?.get(plugin.name);
    if (plugin.planner !== undefined) {
      const fullName = `${plugin.name}/${PLANNER_REPORT_NAME}`;
      known.add(fullName);
      // The planner runs whenever any of its plugin's functions could: disabling the plugin, or its
      // `plan`, turns the planned functions off with it.
      if (isOff(plugin.name, fullName)) off.push(notRun(fullName, plugin.name, 'disabled'));
      else if (notDue !== undefined) skipped.push(notRun(fullName, plugin.name, 'skipped', notDue));
      else {
        groups.push(planGroup({
          plugin, config, timeoutMs: deadline(fullName, plugin.planner.timeoutMs),
          callOff: (callName, base) => isOff(plugin.name, callName) || isOff(plugin.name, base),
          callDeadline: (callName, base, own) => deadline(callName, own, base),
        }));
      }
    }
    for (const [name, fn] of Object.entries(plugin.functions)) {
      const fullName = `${plugin.name}/${name}`;
      known.add(fullName);
      // Disabled wins over not due: the function would not run even if its period had come.
      if (isOff(plugin.name, fullName)) {
        off.push(notRun(fullName, plugin.name, 'disabled'));
        continue;
      }
      if (notDue !== undefined) {
        skipped.push(notRun(fullName, plugin.name, 'skipped', notDue));
        continue;
      }
      jobs.push({ plugin: plugin.name, name, fullName, fn, timeoutMs: deadline(fullName, fn.timeoutMs), config });
    }
  }
  const unknown = [...disabled].filter((name) => name.toLowerCase() !== 'all' && !known.has(name));
  return { jobs, groups, disabled: off, skipped, unknown, allDisabled };
}
