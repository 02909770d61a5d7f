import type { GatheringFunction } from './define-gathering-function.ts';
import { isGatheringFunction } from './define-gathering-function.ts';
import { nameProblem } from './names.ts';
import type { GatherPlanner } from './planner.ts';
import { isPlanner, PLANNER_REPORT_NAME } from './planner.ts';

const PLUGIN_BRAND: unique symbol = Symbol.for('insights-operator.plugin');

/** The declaration of a gatherer plugin. */
export interface PluginSpec {
  /** Unique plugin name, matching `[a-z][a-z0-9_]*`; must equal the manifest's `name`. */
  name: string;
  /**
   * Run at most once per this period, for gatherers that are too expensive for every gather (the
   * original's `workloads` runs every 12h), as a duration such as `12h`. Every gather when absent.
   */
  period?: string;
  /** The gathering functions, by name (`[a-z][a-z0-9_]*`): each runs once in every gather. */
  functions: Record<string, GatheringFunction<any>>;
  /**
   * Functions that run only when the plugin's `planner` calls for them, once per call, with the call's
   * parameters in `ctx.params`. Their names share the namespace of `functions`.
   * @since plugin API 1.2.0
   */
  plannedFunctions?: Record<string, GatheringFunction<any>>;
  /**
   * Decides, at the start of each gather, which planned functions run (required with
   * `plannedFunctions`). The plugin's other functions run after it, and see its `state` as `ctx.plan`.
   * @since plugin API 1.2.0
   */
  planner?: GatherPlanner<any>;
}

/** A plugin made by {@link definePlugin}: the default export of a plugin's entry module. */
export interface Plugin {
  readonly [PLUGIN_BRAND]: true;
  readonly name: string;
  readonly period: string | undefined;
  readonly functions: Readonly<Record<string, GatheringFunction<any>>>;
  /** @since plugin API 1.2.0 */
  readonly plannedFunctions: Readonly<Record<string, GatheringFunction<any>>>;
  /** @since plugin API 1.2.0 */
  readonly planner: GatherPlanner<any> | undefined;
}

/**
 * Declares a plugin. Names and functions are checked here, before any I/O; the result is branded so
 * that the loader can tell it from anything else a module exports, even across copies of this API.
 * @param spec - name, optional period, functions
 * @throws TypeError when a name is invalid or a function was not made by `defineGatheringFunction`
 */
export function definePlugin(spec: PluginSpec): Plugin {
  if (typeof spec !== 'object' || spec === null) throw new TypeError('definePlugin() needs a spec object');
  const problem = nameProblem(spec.name);
  if (problem !== undefined) throw new TypeError(`definePlugin(): plugin name ${problem}`);
  if (spec.period !== undefined && (typeof spec.period !== 'string' || !/^(\d+(ms|s|m|h))+$/.test(spec.period))) {
    throw new TypeError(`definePlugin(): plugin "${spec.name}" has period ${JSON.stringify(spec.period)}, expected a duration such as "12h"`);
  }
  if (typeof spec.functions !== 'object' || spec.functions === null) {
    throw new TypeError(`definePlugin(): plugin "${spec.name}" needs a "functions" object`);
  }
  const planned = spec.plannedFunctions ?? {};
  if (typeof planned !== 'object' || planned === null) {
    throw new TypeError(`definePlugin(): plugin "${spec.name}" has a "plannedFunctions" that is not an object`);
  }
  for (const [fnName, fn] of [...Object.entries(spec.functions), ...Object.entries(planned)]) {
    const fnProblem = nameProblem(fnName);
    if (fnProblem !== undefined) throw new TypeError(`definePlugin(): plugin "${spec.name}" function name ${fnProblem}`);
    if (!isGatheringFunction(fn)) {
      throw new TypeError(`definePlugin(): "${spec.name}/${fnName}" was not made by defineGatheringFunction()`);
    }
  }
  for (const fnName of Object.keys(planned)) {
    if (Object.hasOwn(spec.functions, fnName)) {
      throw new TypeError(`definePlugin(): "${spec.name}/${fnName}" is both a function and a planned function`);
    }
  }
  if (spec.planner !== undefined && !isPlanner(spec.planner)) {
    throw new TypeError(`definePlugin(): plugin "${spec.name}" has a "planner" not made by definePlanner()`);
  }
  if (Object.keys(planned).length > 0 && spec.planner === undefined) {
    throw new TypeError(`definePlugin(): plugin "${spec.name}" has planned functions but no planner to call them`);
  }
  if (spec.planner !== undefined && (Object.hasOwn(spec.functions, PLANNER_REPORT_NAME) || Object.hasOwn(planned, PLANNER_REPORT_NAME))) {
    throw new TypeError(`definePlugin(): "${spec.name}/${PLANNER_REPORT_NAME}" is reserved for the planner's own report`);
  }
  return Object.freeze({
    [PLUGIN_BRAND]: true as const,
    name: spec.name,
    period: spec.period,
    functions: Object.freeze({ ...spec.functions }),
    plannedFunctions: Object.freeze({ ...planned }),
    planner: spec.planner,
  });
}

/**
 * Whether a value was made by {@link definePlugin} (from any copy of the plugin API).
 * @param value - candidate, typically a module's default export
 */
export function isPlugin(value: unknown): value is Plugin {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PLUGIN_BRAND] === true;
}
