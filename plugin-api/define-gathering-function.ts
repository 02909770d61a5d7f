import type { GatherContext } from './context.ts';
import type { Permission } from './kube.ts';
import type { GatherRecord } from './record.ts';
import type { ResolvedServices, ServiceRef } from './service-ref.ts';
import { isServiceRef } from './service-ref.ts';

const FUNCTION_BRAND: unique symbol = Symbol.for('insights-operator.gathering-function');

/** What a gather implementation may produce: records streamed one by one, or returned together. */
export type GatherResult =
  | AsyncIterable<GatherRecord>
  | Iterable<GatherRecord>
  | Promise<Iterable<GatherRecord> | AsyncIterable<GatherRecord> | void>
  | void;

/** The declaration of one gathering function. */
export interface GatheringFunctionSpec<S extends Record<string, ServiceRef<unknown>>> {
  /** One sentence for the generated documentation: what it collects. */
  description: string;
  /**
   * Archive paths it writes, with `{placeholders}` for the variable parts and the extension, for
   * example `config/node/{name}.json`.
   */
  paths: readonly string[];
  /** Kubernetes permissions it needs; `[]` when it reads nothing from the API. */
  permissions: readonly Permission[];
  /** Services it uses, resolved into `ctx.services` under the same keys. */
  services?: S;
  /**
   * Its own deadline in milliseconds, when it needs a different one from the operator's default
   * (5 minutes). Configuration can still override it.
   */
  timeoutMs?: number;
  /**
   * Collects the data. A generator (`async *gather(ctx)`) streams records as it finds them, which keeps
   * memory flat on large clusters; returning an array is fine for a handful of records.
   */
  gather(ctx: GatherContext<ResolvedServices<S>>): GatherResult;
}

/** A gathering function made by {@link defineGatheringFunction}. */
export interface GatheringFunction<S extends Record<string, ServiceRef<unknown>> = Record<string, ServiceRef<unknown>>>
  extends Readonly<Required<Omit<GatheringFunctionSpec<S>, 'timeoutMs'>>> {
  readonly [FUNCTION_BRAND]: true;
  readonly timeoutMs: number | undefined;
}

/**
 * Declares a gathering function. The declaration is checked here, before any I/O.
 * @param spec - description, paths, permissions, services and the `gather` implementation
 * @throws TypeError when a field is missing or malformed
 */
export function defineGatheringFunction<S extends Record<string, ServiceRef<unknown>> = Record<string, never>>(
  spec: GatheringFunctionSpec<S>,
): GatheringFunction<S> {
  if (typeof spec !== 'object' || spec === null) throw new TypeError('defineGatheringFunction() needs a spec object');
  if (typeof spec.description !== 'string' || spec.description.trim() === '') {
    throw new TypeError('defineGatheringFunction(): "description" must be a non-empty string');
  }
  if (!Array.isArray(spec.paths) || spec.paths.some((p) => typeof p !== 'string' || p === '')) {
    throw new TypeError('defineGatheringFunction(): "paths" must be an array of non-empty strings');
  }
  if (!Array.isArray(spec.permissions)) {
    throw new TypeError('defineGatheringFunction(): "permissions" must be an array');
  }
  for (const p of spec.permissions) {
    if (typeof p?.resource !== 'string' || !Array.isArray(p.verbs) || p.verbs.length === 0) {
      throw new TypeError('defineGatheringFunction(): each permission needs a "resource" and non-empty "verbs"');
    }
  }
  const services = spec.services ?? ({} as S);
  for (const [key, ref] of Object.entries(services)) {
    if (!isServiceRef(ref)) throw new TypeError(`defineGatheringFunction(): service "${key}" is not a ServiceRef`);
  }
  if (spec.timeoutMs !== undefined && !(Number.isFinite(spec.timeoutMs) && spec.timeoutMs > 0)) {
    throw new TypeError('defineGatheringFunction(): "timeoutMs" must be a positive number');
  }
  if (typeof spec.gather !== 'function') throw new TypeError('defineGatheringFunction(): "gather" must be a function');
  return Object.freeze({
    [FUNCTION_BRAND]: true as const,
    description: spec.description,
    paths: Object.freeze([...spec.paths]),
    permissions: Object.freeze([...spec.permissions]),
    services,
    timeoutMs: spec.timeoutMs,
    gather: spec.gather,
  });
}

/**
 * Whether a value was made by {@link defineGatheringFunction} (from any copy of the plugin API).
 * @param value - candidate
 */
export function isGatheringFunction(value: unknown): value is GatheringFunction {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[FUNCTION_BRAND] === true;
}
