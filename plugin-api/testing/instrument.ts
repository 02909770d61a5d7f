import { defineGatheringFunction } from '../define-gathering-function.ts';
import type { GatheringFunction } from '../define-gathering-function.ts';
import { definePlugin } from '../define-plugin.ts';
import type { Plugin } from '../define-plugin.ts';
import { isRecord } from '../record.ts';
import type { GatherRecord } from '../record.ts';

/** A record as the function produced it, before the core's data protection. */
export interface ObservedRecord {
  name: string;
  extension: string;
  /** The marshalled bytes; undefined when marshalling threw (the core reports that itself). */
  data: Buffer | undefined;
}

/** What one run of one function did, seen from inside the runner. */
export interface FunctionObservation {
  records: ObservedRecord[];
  /** What its implementation threw, if anything. */
  thrown: unknown[];
  /** performance.now() when its signal was aborted. */
  abortedAt: number | undefined;
  /** performance.now() when its implementation finished (returned, threw, or was closed by the runner). */
  settledAt: number | undefined;
}

/** Observations by function name, filled as the instrumented plugin runs; `reset()` between gathers. */
export class Observations {
  readonly #byFunction = new Map<string, FunctionObservation>();

  /** The observation of `fn` in the current gather (created on first use). */
  of(fn: string): FunctionObservation {
    let observation = this.#byFunction.get(fn);
    if (observation === undefined) {
      observation = { records: [], thrown: [], abortedAt: undefined, settledAt: undefined };
      this.#byFunction.set(fn, observation);
    }
    return observation;
  }

  /** Whether `fn` ran in the current gather. */
  ran(fn: string): boolean {
    return this.#byFunction.has(fn);
  }

  reset(): void {
    this.#byFunction.clear();
  }
}

/**
 * The same plugin (names, declarations) whose every function reports into `observations`: each record
 * with its marshalled bytes, what it threw, when its signal was aborted and when it really ended (which
 * the runner does not wait for once a deadline has passed).
 * @param plugin - the plugin under test
 * @param observations - where to report
 */
export function instrumentPlugin(plugin: Plugin, observations: Observations): Plugin {
  const instrument = (all: Readonly<Record<string, GatheringFunction<any>>>): Record<string, GatheringFunction<any>> => {
    const functions: Record<string, GatheringFunction<any>> = {};
    for (const [name, fn] of Object.entries(all)) {
      functions[name] = defineGatheringFunction({
        description: fn.description,
        paths: fn.paths,
        permissions: fn.permissions,
        services: fn.services,
        ...(fn.timeoutMs === undefined ? {} : { timeoutMs: fn.timeoutMs }),
        gather: (ctx) => observed(fn, ctx, observations.of(name)),
      });
    }
    return functions;
  };
  // Planned functions are observed under their own name, every call together; the planner runs as is.
  const planned = plugin.plannedFunctions ?? {};
  return definePlugin({
    name: plugin.name,
    ...(plugin.period === undefined ? {} : { period: plugin.period }),
    functions: instrument(plugin.functions),
    ...(Object.keys(planned).length === 0 ? {} : { plannedFunctions: instrument(planned) }),
    ...(plugin.planner === undefined ? {} : { planner: plugin.planner }),
  });
}

async function* observed(fn: GatheringFunction<any>, ctx: Parameters<GatheringFunction<any>['gather']>[0], seen: FunctionObservation): AsyncGenerator<GatherRecord> {
  const onAbort = () => {
    seen.abortedAt ??= performance.now();
  };
  if (ctx.signal.aborted) onAbort();
  else ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const produced: unknown = await fn.gather(ctx);
    if (produced === undefined || produced === null) return;
    const iterable = produced as AsyncIterable<unknown> | Iterable<unknown>;
    if (typeof (iterable as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function'
      && typeof (iterable as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      // Hand the runner what it was given, so that it reports it as it would.
      yield produced as GatherRecord;
      return;
    }
    for await (const item of iterable) {
      if (isRecord(item)) seen.records.push(observe(item));
      yield item as GatherRecord;
    }
  } catch (thrown) {
    seen.thrown.push(thrown);
    throw thrown;
  } finally {
    seen.settledAt = performance.now();
  }
}

function observe(rec: GatherRecord): ObservedRecord {
  let data: Buffer | undefined;
  try {
    const bytes = rec.item.marshal();
    data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  } catch {
    data = undefined;
  }
  return { name: rec.name, extension: rec.item.extension, data };
}
