/**
 * The contract between the services that talk to Red Hat (uploader, report downloader, SCA, cluster
 * transfer) and the one HTTP client they share (`InsightsClient`, `insights-client.ts`). Services depend
 * on this interface only, so tests can drive them with a real client against the console simulator.
 */

/** How a request authenticates. */
export type InsightsAuth =
  /** `Authorization: Bearer <pull-secret token>` (ingress upload, report download). */
  | 'bearer'
  /** `Authorization: AccessToken <clusterID>:<pull-secret token>` (OCM: SCA certificates, cluster transfers). */
  | 'ocm';

/** One request. */
export interface InsightsRequest {
  method: 'GET' | 'POST';
  url: string;
  auth: InsightsAuth;
  /** Extra headers (never `Authorization` or `User-Agent`: the client sets those). */
  headers?: Readonly<Record<string, string>>;
  /** A `FormData` (multipart, the client sets the boundary), a string or bytes. */
  body?: FormData | string | Uint8Array;
  /** Cancels the request (for example on shutdown). */
  signal?: AbortSignal;
  /** Whole-request deadline in ms (default 60 s, the original's per-upload context). */
  timeoutMs?: number;
  /** Largest response body read, in bytes (default 1 MiB); a longer body is an error of code `IO_INSIGHTS_BODY_TOO_LARGE`. */
  maxResponseBytes?: number;
}

/** A response of any HTTP status: the caller classifies it (see `classifyStatus`). */
export interface InsightsResponse {
  statusCode: number;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  body: Buffer;
  /** `x-rh-insights-request-id`, when the server sent one. */
  requestId: string | undefined;
}

/** Sends requests to Red Hat's services with the operator's identity, TLS and proxy settings. */
export interface InsightsHttp {
  /**
   * Sends one request (no retries: retry policy belongs to each service). Resolves with any HTTP status;
   * rejects with an `InsightsTransportError` when no HTTP response came (DNS, refused, reset, TLS,
   * proxy CONNECT refusal, timeout, abort), and with an `OperatorError` `IO_INSIGHTS_NO_TOKEN` /
   * `IO_INSIGHTS_BAD_TOKEN` before sending when the token is absent or contains a newline.
   */
  request(req: InsightsRequest): Promise<InsightsResponse>;
  /** The cluster ID (`clusterversions/version` `spec.clusterID`); rejects with `IO_INSIGHTS_NO_CLUSTER_ID` while there is none. */
  clusterId(): Promise<string>;
}

/** What a status means for a retrying caller (reliability spec §1.3). */
export type StatusClass =
  | 'success'
  /** 408, 429, 5xx except 501: retry in this cycle, with backoff and Retry-After. */
  | 'retry'
  /** 401, 403: the slow path (reason NotAuthorized). */
  | 'auth'
  /** Any other status: not retried in this cycle. */
  | 'fail';
