import type { Logger } from 'pino';
import type { GatherContext } from '../../plugin-api/context.ts';
import type { GatheringFunction } from '../../plugin-api/define-gathering-function.ts';
import type { KubeClient } from '../../plugin-api/kube.ts';
import { NO_OBFUSCATION } from '../../plugin-api/obfuscation.ts';
import type { ObfuscationPolicy } from '../../plugin-api/obfuscation.ts';
import { isRecord } from '../../plugin-api/record.ts';
import { describeError, errorMessage } from '../errors/codes.ts';
import type { Recorder } from '../recorder/recorder.ts';
import { classifyThrown, panicText, warningText } from './classify-error.ts';
import type { FunctionReport } from './function-report.ts';

/** One selected function, ready to run. */
export interface FunctionJob {
  plugin: string;
  name: string;
  /** `<plugin>/<function>`. */
  fullName: string;
  fn: GatheringFunction;
  timeoutMs: number;
  config: Readonly<Record<string, unknown>>;
  /** A planned call's parameters (`ctx.params`); `{}` when absent. */
  params?: Readonly<Record<string, unknown>>;
  /** The plugin planner's state for this gather (`ctx.plan`). */
  plan?: unknown;
}

/** What every function run shares. */
export interface RunDependencies {
  recorder: Recorder;
  /** The cluster client, bound to the function's signal. */
  kubeFor(signal: AbortSignal): KubeClient;
  logger: Logger;
  /** A service by id; `found: false` when this core does not provide it. */
  resolveService(id: string): { found: boolean; value?: unknown };
  /** Cancels the whole gather. */
  signal: AbortSignal;
  /** Milliseconds since the run started. */
  elapsed(): number;
  /** The gather's data policy, handed to every function as `ctx.obfuscation`; none when absent. */
  obfuscation?: ObfuscationPolicy;
}

const TIMED_OUT = Symbol('timed out');

/**
 * Runs one gathering function under its own deadline, isolating whatever it does: a throw, a
 * rejection, a hang, a non-record. Never throws itself, except when the archive cannot be written.
 */
export async function runFunction(job: FunctionJob, deps: RunDependencies): Promise<FunctionReport> {
  const startedAtMs = deps.elapsed();
  const report: FunctionReport = {
    name: job.fullName, plugin: job.plugin, status: 'ok', durationMs: 0, recordsCount: 0,
    errors: [], warnings: [], panic: null, startedAtMs,
  };
  const controller = new AbortController();
  const log = deps.logger.child({ plugin: job.plugin, function: job.name });
  let givenUp = false;
  const fail = (kind: 'error' | 'panic', message: string) => {
    if (givenUp) return;
    if (kind === 'panic' || report.status === 'ok') report.status = kind;
    report.errors.push(message);
  };

  const services: Record<string, unknown> = {};
  for (const [key, ref] of Object.entries(job.fn.services)) {
    const resolved = deps.resolveService(ref.id);
    if (!resolved.found) {
      fail('error', errorMessage('IO_FUNCTION_SERVICE_MISSING', job.fullName, ref.id));
      return finish(report, deps, log);
    }
    services[key] = resolved.value;
  }

  const ctx: GatherContext<Record<string, unknown>> = {
    kube: deps.kubeFor(controller.signal),
    signal: controller.signal,
    log,
    config: job.config,
    services,
    obfuscation: deps.obfuscation ?? NO_OBFUSCATION,
    params: job.params ?? {},
    plan: job.plan,
    warn: (message) => {
      if (!givenUp) report.warnings.push(warningText(message));
    },
    reportError: (error) => fail('error', describeError(error)),
  };

  const consume = async (): Promise<void> => {
    const produced = await job.fn.gather(ctx);
    if (produced === undefined || produced === null) return;
    const iterable = produced as AsyncIterable<unknown> | Iterable<unknown>;
    if (typeof (iterable as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function'
      && typeof (iterable as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      fail('error', errorMessage('IO_FUNCTION_NOT_A_RECORD', job.fullName, describeValue(produced)));
      return;
    }
    for await (const item of iterable) {
      if (givenUp) return;
      if (!isRecord(item)) {
        fail('error', errorMessage('IO_FUNCTION_NOT_A_RECORD', job.fullName, describeValue(item)));
        continue;
      }
      const outcome = await deps.recorder.record(item, job.fullName);
      if (givenUp) return;
      report.warnings.push(...outcome.warnings);
      if (outcome.stored) report.recordsCount += 1;
      else for (const message of outcome.errors) fail('error', message);
    }
  };

  let timer: NodeJS.Timeout | undefined;
  const onCancel = () => controller.abort(deps.signal.reason);
  deps.signal.addEventListener('abort', onCancel, { once: true });
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), job.timeoutMs);
    controller.signal.addEventListener('abort', () => resolve(TIMED_OUT), { once: true });
  });
  try {
    const outcome = await Promise.race([consume().then(() => undefined), deadline]);
    if (outcome === TIMED_OUT) {
      const cancelled = deps.signal.aborted;
      report.status = 'timeout';
      report.errors.push(
        cancelled
          ? errorMessage('IO_FUNCTION_ABORTED', job.fullName)
          : errorMessage('IO_FUNCTION_TIMEOUT', job.fullName, job.timeoutMs),
      );
      givenUp = true;
      controller.abort(new DOMException(`deadline of ${job.timeoutMs} ms passed`, 'TimeoutError'));
    }
  } catch (thrown) {
    if ((thrown as { code?: unknown }).code === 'IO_ARCHIVE_WRITE') throw thrown;
    const kind = classifyThrown(thrown);
    if (kind === 'warning') report.warnings.push(warningText(thrown));
    else if (kind === 'panic') {
      report.panic = panicText(thrown);
      fail('panic', `panic: ${report.panic}`);
      log.error({ err: thrown }, 'gathering function panicked');
    } else fail('error', describeError(thrown));
  } finally {
    clearTimeout(timer);
    deps.signal.removeEventListener('abort', onCancel);
    givenUp = true;
  }
  return finish(report, deps, log);
}

function finish(report: FunctionReport, deps: RunDependencies, log: Logger): FunctionReport {
  report.durationMs = Math.max(0, Math.round(deps.elapsed() - report.startedAtMs));
  if (report.status !== 'ok') log.warn({ status: report.status, errors: report.errors }, 'gathering function failed');
  else log.debug({ records: report.recordsCount, durationMs: report.durationMs }, 'gathering function done');
  return report;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${Object.keys(value).slice(0, 3).join(', ') || 'no keys'})`;
  return `a ${typeof value}`;
}
