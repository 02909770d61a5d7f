import type { GatheringRulesProvider } from './gathering-rules.ts';
import type { MonitoringApi, PrometheusApi } from './monitoring.ts';

const SERVICE_REF_BRAND: unique symbol = Symbol.for('insights-operator.service-ref');

/**
 * A typed reference to a service the core provides (a clock, a Prometheus client, …). A function lists
 * the references it needs in `services`, and receives the resolved services, typed, in
 * `ctx.services`. Plugins never see the container.
 */
export interface ServiceRef<T> {
  readonly [SERVICE_REF_BRAND]: true;
  /** Unique id, `<area>.<name>`, for example `core.clock`. */
  readonly id: string;
  /** Phantom field carrying the service type; always `undefined` at run time. */
  readonly T: T;
}

/** Pattern of service ids: dotted lower-case words, such as `core.clock`. */
export const SERVICE_ID_PATTERN: RegExp = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/**
 * Makes a service reference.
 * @param options - the service id
 * @throws TypeError when the id does not match {@link SERVICE_ID_PATTERN}
 */
export function createServiceRef<T>(options: { id: string }): ServiceRef<T> {
  if (!SERVICE_ID_PATTERN.test(options.id)) {
    throw new TypeError(`service id "${options.id}" must match ${SERVICE_ID_PATTERN.source}`);
  }
  return { [SERVICE_REF_BRAND]: true, id: options.id, T: undefined as T };
}

/**
 * Whether a value is a service reference made by {@link createServiceRef}.
 * @param value - candidate
 */
export function isServiceRef(value: unknown): value is ServiceRef<unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SERVICE_REF_BRAND] === true;
}

/** The type a map of service references resolves to. */
export type ResolvedServices<S extends Record<string, ServiceRef<unknown>>> = { readonly [K in keyof S]: S[K]['T'] };

/** The injectable clock, so that tests can run time-dependent gathering deterministically. */
export interface Clock {
  /** The current time. */
  now(): Date;
}

/** Services every core provides. */
export const coreServices = {
  /** The operator's clock; use it instead of `Date.now()` for anything that lands in a record. */
  clock: createServiceRef<Clock>({ id: 'core.clock' }),
  /**
   * The remote gathering rules for this gather, fetched, validated and with the built-in fallback
   * (operator only: the one-shot `gather` command uses the built-in rules).
   * @since plugin API 1.2.0
   */
  gatheringRules: createServiceRef<GatheringRulesProvider>({ id: 'core.gathering_rules' }),
  /**
   * The cluster's Prometheus (`prometheus-k8s` in `openshift-monitoring` by default), reached with the
   * service CA and the operator's own token.
   * @since plugin API 1.2.0
   */
  prometheus: createServiceRef<PrometheusApi>({ id: 'core.prometheus' }),
  /**
   * The cluster's Alertmanager (`alertmanager-main` in `openshift-monitoring` by default), reached as
   * `prometheus` is.
   * @since plugin API 1.2.0
   */
  alertmanager: createServiceRef<MonitoringApi>({ id: 'core.alertmanager' }),
} as const;

