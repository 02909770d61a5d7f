import { defineGatheringFunction } from '../../plugin-api/define-gathering-function.ts';
import type { Plugin } from '../../plugin-api/define-plugin.ts';
import { plannedCallSuffix, PLANNER_REPORT_NAME } from '../../plugin-api/planner.ts';
import type { GatherPlan, PlannedCall } from '../../plugin-api/planner.ts';
import { notRun } from './function-report.ts';
import type { FunctionReport } from './function-report.ts';
import type { FunctionJob } from './run-function.ts';

/** A plugin's planner in one gather, and how its calls become jobs once it has run. */
export interface PlanGroup {
  plugin: string;
  /** The planner's own run, reported as `<plugin>/plan`. */
  planner: FunctionJob;
  /** The plan, once `planner` has run and returned a valid one; `undefined` before, or when it failed. */
  result(): GatherPlan | undefined;
  /** The planned calls as jobs (deduplicated), and `disabled` reports for the calls turned off. */
  expand(plan: GatherPlan): { jobs: FunctionJob[]; disabled: FunctionReport[] };
}

/**
 * Wraps a plugin's planner as a job of the runner, so that it runs under the same deadline, isolation and
 * reporting as any function, and keeps the plan it returns for the plugin's other functions.
 */
export function planGroup(input: {
  plugin: Plugin;
  config: Readonly<Record<string, unknown>>;
  timeoutMs: number;
  /** Whether a call is disabled, by its full name or its function's `<plugin>/<function>`. */
  callOff(fullName: string, base: string): boolean;
  /** A call's deadline. */
  callDeadline(fullName: string, base: string, own: number | undefined): number;
}): PlanGroup {
  const { plugin } = input;
  const planner = plugin.planner!;
  const planned = plugin.plannedFunctions ?? {};
  let kept: GatherPlan | undefined;
  const fn = defineGatheringFunction({
    description: planner.description,
    paths: [],
    permissions: planner.permissions,
    services: planner.services,
    async gather(ctx) {
      const plan = await planner.plan(ctx);
      if (ctx.signal.aborted) return;
      if (typeof plan !== 'object' || plan === null || !Array.isArray(plan.calls)) {
        throw new TypeError(`the planner returned ${plan === null ? 'null' : typeof plan}, not a plan with a "calls" array`);
      }
      const calls: PlannedCall[] = [];
      for (const call of plan.calls as readonly PlannedCall[]) {
        if (typeof call?.function !== 'string' || !Object.hasOwn(planned, call.function)) {
          ctx.reportError(`the plan calls "${String(call?.function)}", which is not one of the planned functions (${Object.keys(planned).join(', ')}); that call was dropped`);
          continue;
        }
        calls.push({ function: call.function, params: call.params ?? {} });
      }
      kept = { calls, state: plan.state };
    },
  });
  return {
    plugin: plugin.name,
    planner: {
      plugin: plugin.name, name: PLANNER_REPORT_NAME, fullName: `${plugin.name}/${PLANNER_REPORT_NAME}`,
      fn, timeoutMs: input.timeoutMs, config: input.config,
    },
    result: () => kept,
    expand(plan) {
      const jobs: FunctionJob[] = [];
      const disabled: FunctionReport[] = [];
      const seen = new Set<string>();
      for (const call of plan.calls) {
        const base = `${plugin.name}/${call.function}`;
        const suffix = plannedCallSuffix(call.params);
        const fullName = suffix === '' ? base : `${base}/${suffix}`;
        if (seen.has(fullName)) continue;
        seen.add(fullName);
        const callFn = planned[call.function]!;
        if (input.callOff(fullName, base)) {
          disabled.push(notRun(fullName, plugin.name, 'disabled'));
          continue;
        }
        jobs.push({
          plugin: plugin.name, name: call.function, fullName, fn: callFn, config: input.config,
          timeoutMs: input.callDeadline(fullName, base, callFn.timeoutMs),
          params: call.params, plan: plan.state,
        });
      }
      return { jobs, disabled };
    },
  };
}
