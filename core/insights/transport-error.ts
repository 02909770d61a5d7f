import { errorMessage, OperatorError } from '../errors/codes.ts';

/** Why no HTTP response came. */
export type TransportErrorKind =
  /** The name did not resolve. */
  | 'dns'
  /** Nothing listens at the address (ECONNREFUSED). */
  | 'refused'
  /** The connection broke (reset, closed early). */
  | 'reset'
  /** The TLS handshake failed: untrusted chain, wrong host name, too old a protocol, ... Never retried insecurely. */
  | 'tls'
  /** The proxy could not be reached, refused the tunnel (407 included) or is misconfigured. */
  | 'proxy'
  /** The request deadline or the connect timeout passed. */
  | 'timeout'
  /** The caller's AbortSignal cancelled the request. */
  | 'aborted'
  /** Anything else. */
  | 'other';

/**
 * A request that got no HTTP response. Callers retry it as a network error (reliability spec §1.3),
 * except `aborted`. The message names the method, the URL (userinfo stripped) and the failure; it never
 * holds the token, headers or proxy credentials, and the low-level error is not attached as `cause`
 * (its fields can hold request options), only its `causeCode`.
 */
export class InsightsTransportError extends OperatorError {
  readonly kind: TransportErrorKind;
  /** The low-level error code (`ECONNREFUSED`, `ERR_TLS_CERT_ALTNAME_INVALID`, `UND_ERR_CONNECT_TIMEOUT`, ...), when there was one. */
  readonly causeCode: string | undefined;

  /**
   * @param method - the HTTP method
   * @param url - the request URL, already stripped of userinfo
   * @param kind - the failure class
   * @param why - a short description, free of secrets
   * @param causeCode - the low-level error code
   */
  constructor(method: string, url: string, kind: TransportErrorKind, why: string, causeCode?: string) {
    super('IO_INSIGHTS_TRANSPORT', errorMessage('IO_INSIGHTS_TRANSPORT', method, url, kind, why));
    this.name = 'InsightsTransportError';
    this.kind = kind;
    this.causeCode = causeCode;
  }
}
