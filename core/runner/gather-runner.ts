import pLimit from 'p-limit';
import { cpus } from 'node:os';
import type { FunctionReport } from './function-report.ts';
import type { PlanGroup } from './plan-group.ts';
import { runFunction } from './run-function.ts';
import type { FunctionJob, RunDependencies } from './run-function.ts';

/** Functions run at once by default: the original's 4 workers per CPU. */
export function defaultConcurrency(): number {
  return 4 * Math.max(1, cpus().length);
}

/** Progress of a run, for the CLI's live line. */
export interface RunProgress {
  done: number;
  total: number;
  running: readonly string[];
}

/**
 * Runs every job in one bounded pool. Each function has its own deadline (see {@link runFunction});
 * when it passes, its pool slot is freed even if the function ignores its signal.
 *
 * A plugin with a planner (`groups`) runs its planner first; its other functions wait for it (outside
 * the pool, so waiting takes no slot) and see its state, then its planned calls join the pool. Other
 * plugins' functions do not wait. Reports come back in the jobs' order, each group's planner and planned
 * calls after them.
 */
export async function runAll(
  jobs: readonly FunctionJob[],
  deps: RunDependencies,
  options: { concurrency: number; onProgress?: (progress: RunProgress) => void },
  groups: readonly PlanGroup[] = [],
): Promise<FunctionReport[]> {
  const limit = pLimit(Math.max(1, Math.floor(options.concurrency)));
  const running = new Set<string>();
  let done = 0;
  let total = jobs.length + groups.length;
  const notify = () => options.onProgress?.({ done, total, running: [...running] });
  const run = (job: FunctionJob) =>
    limit(async () => {
      if (deps.signal.aborted) return skipped(job, deps.elapsed());
      running.add(job.fullName);
      notify();
      try {
        return await runFunction(job, deps);
      } finally {
        running.delete(job.fullName);
        done += 1;
        notify();
      }
    });

  // A plugin's own functions wait for its planning only, and then run alongside its planned calls.
  const states = new Map<string, Promise<unknown>>();
  const groupRuns = groups.map((group) => {
    const { promise: state, resolve } = Promise.withResolvers<unknown>();
    states.set(group.plugin, state);
    return (async () => {
      const own = await run(group.planner);
      const plan = group.result();
      resolve(plan?.state);
      if (plan === undefined) return [own];
      const { jobs: calls, disabled } = group.expand(plan);
      total += calls.length;
      notify();
      const ran = await Promise.all(calls.map(run));
      return [own, ...ran, ...disabled];
    })();
  });
  const ownRuns = Promise.all(jobs.map(async (job) => {
    const state = states.get(job.plugin);
    return state === undefined ? run(job) : run({ ...job, plan: await state });
  }));
  const groupReports = await Promise.all(groupRuns);
  return [...await ownRuns, ...groupReports.flat()];
}

function skipped(job: FunctionJob, at: number): FunctionReport {
  return {
    name: job.fullName, plugin: job.plugin, status: 'skipped', durationMs: 0, recordsCount: 0,
    errors: ['the gather was cancelled before this function started'], warnings: [], panic: null, startedAtMs: at,
  };
}
