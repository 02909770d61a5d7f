/**
 * The cluster's monitoring stack as gathering functions see it: read-only HTTP access to Prometheus and
 * Alertmanager (`coreServices.prometheus`, `coreServices.alertmanager`). The core's clients verify TLS
 * against the service CA and authenticate with the operator's own service account token; functions
 * never handle either.
 */

/** Read access to a monitoring service (Alertmanager; Prometheus through {@link PrometheusApi}). */
export interface MonitoringApi {
  /** Base URL, for messages (never carries credentials). */
  readonly endpoint: string;
  /**
   * GET `path` (relative to the base URL, e.g. `/api/v2/alerts`) with `query`; resolves with the body
   * text of a 2xx; rejects with MonitoringApiError (status, endpoint, path, a short quote of the body)
   * otherwise, or when the transport fails (status 0). Honours `signal`.
   * @param path - starts with `/`; appended to the base URL's path
   * @param options - `query`: parameters, an array value repeats the name (`match[]`); `signal`: cancels
   *   the request (it then rejects with status 0); `accept`: the `Accept` header
   */
  get(
    path: string,
    options?: { query?: Readonly<Record<string, string | readonly string[]>>; signal?: AbortSignal; accept?: string },
  ): Promise<string>;
}

/** One sample of an instant vector: the series' labels (with `__name__` when it has one) and `[unix seconds, value]`. */
export interface PrometheusSample {
  /** Label name → value. */
  readonly metric: Readonly<Record<string, string>>;
  /** The evaluation time in (fractional) Unix seconds, and the value as Prometheus prints it (`"1"`, `"NaN"`, `"+Inf"`). */
  readonly value: readonly [number, string];
}

/** Prometheus: {@link MonitoringApi} plus instant queries. */
export interface PrometheusApi extends MonitoringApi {
  /**
   * Instant query (`GET /api/v1/query?query=…`, plus optional extra params such as `match[]`):
   * resolves with the vector's samples; rejects with MonitoringApiError on a non-success answer or a
   * result that is not a vector.
   * @param expr - the PromQL expression
   * @param options - `signal` cancels the request; `params` are sent along (a `query` entry is ignored)
   */
  query(
    expr: string,
    options?: { signal?: AbortSignal; params?: Readonly<Record<string, string | readonly string[]>> },
  ): Promise<PrometheusSample[]>;
}
