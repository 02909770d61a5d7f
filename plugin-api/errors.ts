/**
 * An expected failure of a gathering function: the function could not collect (all of) its data, for a
 * reason worth reporting in `gathers.json` under `errors` (status `error`). Throw it, or pass it to
 * {@link GatherContext.reportError} to report it and carry on.
 *
 * Any other `Error` thrown by a function is reported the same way. Runtime faults — `TypeError`,
 * `RangeError`, `ReferenceError`, `SyntaxError` and thrown non-Error values — are bugs, and are reported
 * as a `panic`, as the original reports a Go panic.
 */
export class GatherError extends Error {
  /** Machine-readable code, for example `IO_KUBE_API`. */
  readonly code: string;
  constructor(message: string, options?: { code?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatherError';
    this.code = options?.code ?? 'IO_GATHER_FAILED';
  }
}

/**
 * A problem that does not fail the function: it lands in `gathers.json` under `warnings`, prefixed with
 * `warning: ` as the original writes it, and the function's status stays `ok`. Throw it (ends the
 * function) or pass it to {@link GatherContext.warn} (carries on).
 */
export class GatherWarning extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatherWarning';
  }
}

/**
 * A Kubernetes API call failed with an HTTP status (403, 500, …) or could not be made at all
 * (`statusCode` 0). `reason` is the `Status.reason` the server sent, when it sent one.
 */
export class KubeApiError extends GatherError {
  readonly statusCode: number;
  readonly reason: string | undefined;
  constructor(message: string, statusCode: number, reason?: string, options?: { cause?: unknown }) {
    super(message, { code: 'IO_KUBE_API', cause: options?.cause });
    this.name = 'KubeApiError';
    this.statusCode = statusCode;
    this.reason = reason;
  }
}

/**
 * A request to Prometheus or Alertmanager (`MonitoringApi`, `PrometheusApi`) failed: the server answered with a
 * status other than 2xx, answered something that is not what was asked for (a query result that is not
 * a vector), or did not answer at all (`status` 0: connection refused, TLS not trusted, timeout,
 * cancelled). The message says which and why; it never holds a credential.
 */
export class MonitoringApiError extends GatherError {
  /** The HTTP status, or 0 when no response came. */
  readonly status: number;
  /** The service's base URL. */
  readonly endpoint: string;
  /** The request path, without the query string. */
  readonly path: string;
  /** A short quote of the response body (credentials removed); empty when there was none. */
  readonly body: string;
  /**
   * @param message - says which service, request and failure
   * @param details - the status (0 without a response), the base URL, the path, the quoted body
   * @param options - the underlying error, if any
   */
  constructor(message: string, details: { status: number; endpoint: string; path: string; body?: string }, options?: { cause?: unknown }) {
    super(message, { code: 'IO_MONITORING_API', cause: options?.cause });
    this.name = 'MonitoringApiError';
    this.status = details.status;
    this.endpoint = details.endpoint;
    this.path = details.path;
    this.body = details.body ?? '';
  }
}
