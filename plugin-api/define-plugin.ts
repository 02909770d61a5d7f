import type { GatheringFunction } from './define-gathering-function.ts';
import { isGatheringFunction } from './define-gathering-function.ts';
import { nameProblem } from './names.ts';

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
  /** The gathering functions, by name (`[a-z][a-z0-9_]*`). */
  functions: Record<string, GatheringFunction<any>>;
}

/** A plugin made by {@link definePlugin}: the default export of a plugin's entry module. */
export interface Plugin {
  readonly [PLUGIN_BRAND]: true;
  readonly name: string;
  readonly period: string | undefined;
  readonly functions: Readonly<Record<string, GatheringFunction<any>>>;
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
  for (const [fnName, fn] of Object.entries(spec.functions)) {
    const fnProblem = nameProblem(fnName);
    if (fnProblem !== undefined) throw new TypeError(`definePlugin(): plugin "${spec.name}" function name ${fnProblem}`);
    if (!isGatheringFunction(fn)) {
      throw new TypeError(`definePlugin(): "${spec.name}/${fnName}" was not made by defineGatheringFunction()`);
    }
  }
  return Object.freeze({
    [PLUGIN_BRAND]: true as const,
    name: spec.name,
    period: spec.period,
    functions: Object.freeze({ ...spec.functions }),
  });
}

/**
 * Whether a value was made by {@link definePlugin} (from any copy of the plugin API).
 * @param value - candidate, typically a module's default export
 */
export function isPlugin(value: unknown): value is Plugin {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PLUGIN_BRAND] === true;
}
