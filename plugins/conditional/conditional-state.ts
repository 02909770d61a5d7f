import type { GatheringRule, LoadedGatheringRules } from 'insights-operator/plugin-api';

/** One firing alert's labels (`alertname`, `namespace`, `pod`, `container`, …). */
export type AlertLabels = Readonly<Record<string, string>>;

/** A rule as evaluated in this gather, as `conditional-gatherer-rules.json` records it. */
export interface RuleOutcome {
  readonly rule: GatheringRule;
  /** Why a condition could not be evaluated (for example, Prometheus unreachable); `null` when none. */
  readonly errors: readonly string[] | null;
  readonly was_triggered: boolean;
}

/**
 * What the planner hands every function of the plugin (`ctx.plan`): the rules in force, how each rule
 * was evaluated, and the firing alerts the planned functions take their pods and resources from.
 */
export interface ConditionalState {
  readonly rules: LoadedGatheringRules;
  readonly outcomes: readonly RuleOutcome[];
  /** Firing alerts by name, every label set kept; `undefined` when Prometheus could not be asked. */
  readonly firingAlerts: ReadonlyMap<string, readonly AlertLabels[]> | undefined;
  /** The cluster's version (`clusterversions/version` `status.desired.version`), when known. */
  readonly clusterVersion: string | undefined;
}

/**
 * The planner's state, or a clear error when there is none (the planner failed or was disabled): the
 * functions that depend on it report that instead of guessing.
 */
export function conditionalState(plan: unknown): ConditionalState {
  if (typeof plan !== 'object' || plan === null || !('rules' in plan)) {
    throw new Error('no gathering rules were planned in this gather (see conditional/plan in gathers.json)');
  }
  return plan as ConditionalState;
}

/** The label sets of the firing alert `name`; an error when the alerts could not be read. */
export function firingInstances(state: ConditionalState, name: string): readonly AlertLabels[] {
  if (state.firingAlerts === undefined) throw new Error(`the firing alerts are unknown, so alert ${name} cannot be followed (Prometheus was not reachable)`);
  return state.firingAlerts.get(name) ?? [];
}
