import pLimit from 'p-limit';
import { cpus } from 'node:os';
import type { FunctionReport } from './function-report.ts';
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
 * when it passes, its pool slot is freed even if the function ignores its signal. Reports come back in
 * the jobs' order.
 */
export async function runAll(
  jobs: readonly FunctionJob[],
  deps: RunDependencies,
  options: { concurrency: number; onProgress?: (progress: RunProgress) => void },
): Promise<FunctionReport[]> {
  const limit = pLimit(Math.max(1, Math.floor(options.concurrency)));
  const running = new Set<string>();
  let done = 0;
  const notify = () => options.onProgress?.({ done, total: jobs.length, running: [...running] });
  return Promise.all(
    jobs.map((job) =>
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
      }),
    ),
  );
}

function skipped(job: FunctionJob, at: number): FunctionReport {
  return {
    name: job.fullName, plugin: job.plugin, status: 'skipped', durationMs: 0, recordsCount: 0,
    errors: ['the gather was cancelled before this function started'], warnings: [], panic: null, startedAtMs: at,
  };
}
