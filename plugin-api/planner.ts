import type { GatherContext } from './context.ts';
import type { Permission } from './kube.ts';
import type { ResolvedServices, ServiceRef } from './service-ref.ts';
import { isServiceRef } from './service-ref.ts';

const PLANNER_BRAND: unique symbol = Symbol.for('insights-operator.gather-planner');

/**
 * One call of a planned function: which function, with which parameters. The core runs it once per call,
 * reports it in `gathers.json` as `<plugin>/<function>/<k=v,…>` (keys sorted, empty values left out, as
 * the original's conditional gatherer names its functions), and hands `params` to it as `ctx.params`.
 * @since plugin API 1.2.0
 */
export interface PlannedCall {
  /** A key of the plugin's `plannedFunctions`. */
  readonly function: string;
  /** JSON-like parameters: strings, numbers and booleans make the reported name. */
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * What a planner decided for one gather.
 * @since plugin API 1.2.0
 */
export interface GatherPlan {
  /** The planned functions to run in this gather. Two calls with the same name run once. */
  readonly calls: readonly PlannedCall[];
  /**
   * Anything the plugin's functions need from the planning, handed to every function of the plugin in
   * this gather as `ctx.plan` (for example the rules that were evaluated, to record them).
   */
  readonly state?: unknown;
}

/**
 * What a planner receives: the same as a gathering function, without parameters or a plan of its own.
 * A planner may read the cluster (as the gather identity) and the services it declared; it records
 * nothing itself.
 * @since plugin API 1.2.0
 */
export type PlanContext<Services = Record<string, never>> = Omit<GatherContext<Services>, 'params' | 'plan'>;

/**
 * The declaration of a planner: the step that, at the start of each gather, decides which of the
 * plugin's planned functions run and with which parameters (the original's conditional gatherer
 * evaluating its remote rules).
 * @since plugin API 1.2.0
 */
export interface GatherPlannerSpec<S extends Record<string, ServiceRef<unknown>>> {
  /** One sentence for the generated documentation: how it decides. */
  description: string;
  /** Kubernetes permissions the planning needs; `[]` when it reads nothing from the API. */
  permissions: readonly Permission[];
  /** Services it uses, resolved into `ctx.services`. */
  services?: S;
  /** Its own deadline in milliseconds (the operator's default function deadline when absent). */
  timeoutMs?: number;
  /** Decides the calls. A throw or a missed deadline is reported as `<plugin>/plan` and no planned function runs. */
  plan(ctx: PlanContext<ResolvedServices<S>>): Promise<GatherPlan> | GatherPlan;
}

/**
 * A planner made by {@link definePlanner}.
 * @since plugin API 1.2.0
 */
export interface GatherPlanner<S extends Record<string, ServiceRef<unknown>> = Record<string, ServiceRef<unknown>>>
  extends Readonly<Required<Omit<GatherPlannerSpec<S>, 'timeoutMs'>>> {
  readonly [PLANNER_BRAND]: true;
  readonly timeoutMs: number | undefined;
}

/** The name under which a planner's own run is reported: `<plugin>/plan`. */
export const PLANNER_REPORT_NAME = 'plan';

/**
 * Declares a planner. Checked here, before any I/O.
 * @param spec - description, permissions, services and the `plan` implementation
 * @throws TypeError when a field is missing or malformed
 * @since plugin API 1.2.0
 */
export function definePlanner<S extends Record<string, ServiceRef<unknown>> = Record<string, never>>(
  spec: GatherPlannerSpec<S>,
): GatherPlanner<S> {
  if (typeof spec !== 'object' || spec === null) throw new TypeError('definePlanner() needs a spec object');
  if (typeof spec.description !== 'string' || spec.description.trim() === '') {
    throw new TypeError('definePlanner(): "description" must be a non-empty string');
  }
  if (!Array.isArray(spec.permissions)) throw new TypeError('definePlanner(): "permissions" must be an array');
  const services = spec.services ?? ({} as S);
  for (const [key, ref] of Object.entries(services)) {
    if (!isServiceRef(ref)) throw new TypeError(`definePlanner(): service "${key}" is not a ServiceRef`);
  }
  if (spec.timeoutMs !== undefined && !(Number.isFinite(spec.timeoutMs) && spec.timeoutMs > 0)) {
    throw new TypeError('definePlanner(): "timeoutMs" must be a positive number');
  }
  if (typeof spec.plan !== 'function') throw new TypeError('definePlanner(): "plan" must be a function');
  return Object.freeze({
    [PLANNER_BRAND]: true as const,
    description: spec.description,
    permissions: Object.freeze([...spec.permissions]),
    services,
    timeoutMs: spec.timeoutMs,
    plan: spec.plan,
  });
}

/**
 * Whether a value was made by {@link definePlanner} (from any copy of the plugin API).
 * @param value - candidate
 * @since plugin API 1.2.0
 */
export function isPlanner(value: unknown): value is GatherPlanner {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PLANNER_BRAND] === true;
}

/**
 * The name a planned call is reported under, after `<plugin>/<function>/`: `k=v` pairs sorted by key,
 * joined with commas, empty values (undefined, null, '') left out.
 * @param params - the call's parameters
 * @since plugin API 1.2.0
 */
export function plannedCallSuffix(params: Readonly<Record<string, unknown>>): string {
  return Object.keys(params)
    .sort()
    .filter((key) => params[key] !== undefined && params[key] !== null && params[key] !== '')
    .map((key) => `${key}=${typeof params[key] === 'object' ? JSON.stringify(params[key]) : String(params[key])}`)
    .join(',');
}
