import type { TransportErrorKind } from './transport-error.ts';

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED', 'HPE_INVALID_CONSTANT']);
const TIMEOUT = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
/** OpenSSL's certificate verification codes, as Node reports them. */
const CERT = /^(UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|CERT_|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH|INVALID_CA|INVALID_PURPOSE|PATH_LENGTH_EXCEEDED|CERT_UNTRUSTED|CERT_REJECTED)/;

/** The class of a failed request and the words to say about it. */
export interface TransportFailure {
  kind: TransportErrorKind;
  /** A short description without secrets: the low-level message, userinfo still to be stripped by the caller. */
  why: string;
  code: string | undefined;
}

/**
 * Classifies an error undici raised for a request that got no response. `viaProxy`: every connection
 * the client opens then goes to the proxy, so a name that does not resolve or a refused connection is
 * the proxy's failure. Deadline and caller aborts are told apart by the caller (it knows which signal
 * fired) and are not decided here.
 */
export function transportFailure(error: unknown, viaProxy: boolean): TransportFailure {
  const chain = causes(error);
  const codes = chain.map((e) => e.code).filter((c): c is string => typeof c === 'string');
  const messages = chain.map((e) => e.message);
  const why = messages.find((m) => m !== '') ?? String(error);
  const code = codes.find((c) => !c.startsWith('UND_ERR_ABORT')) ?? codes[0];
  const has = (set: ReadonlySet<string>): string | undefined => codes.find((c) => set.has(c));

  // undici reports a refused tunnel as an aborted request whose message carries the proxy's status.
  const tunnel = messages.map((m) => /Proxy response \((\d{3})\) !== 200/.exec(m) ?? /Proxy Authentication Required \((\d{3})\)/.exec(m)).find((m) => m !== null);
  if (tunnel) return { kind: 'proxy', why: `the proxy answered ${tunnel[1]} to the tunnel request${tunnel[1] === '407' ? ' (Proxy Authentication Required)' : ''}`, code: `PROXY_${tunnel[1]}` };
  if (codes.some((c) => c === 'UND_ERR_PRX_TLS' || c === 'UND_ERR_PRX_CONN')) return { kind: 'proxy', why, code };
  const tls = codes.find((c) => CERT.test(c)) ?? (chain.some((e) => e.library === 'SSL routines' || /\bSSL\b|TLS|certificate/i.test(e.message)) ? code ?? 'TLS' : undefined);
  if (tls !== undefined) return { kind: 'tls', why, code: tls };
  const dns = has(DNS);
  if (dns !== undefined) return { kind: viaProxy ? 'proxy' : 'dns', why, code: dns };
  if (codes.includes('ECONNREFUSED')) return { kind: viaProxy ? 'proxy' : 'refused', why, code: 'ECONNREFUSED' };
  const unreachable = has(UNREACHABLE);
  if (unreachable !== undefined) return { kind: viaProxy ? 'proxy' : 'refused', why, code: unreachable };
  const timeout = has(TIMEOUT);
  if (timeout !== undefined) return { kind: 'timeout', why, code: timeout };
  const reset = has(RESET);
  if (reset !== undefined) return { kind: 'reset', why, code: reset };
  return { kind: 'other', why, code };
}

interface ErrorLike {
  code?: unknown;
  message: string;
  library?: unknown;
}

/** The error and its causes (undici and AggregateErrors nest them), at most a few levels deep. */
function causes(error: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && out.length < 8) {
    const e = queue.shift();
    if (typeof e !== 'object' || e === null) continue;
    const item = e as { code?: unknown; message?: unknown; library?: unknown; cause?: unknown; errors?: unknown };
    out.push({ code: item.code, message: typeof item.message === 'string' ? item.message : '', library: item.library });
    if (item.cause !== undefined) queue.push(item.cause);
    if (Array.isArray(item.errors)) queue.push(...(item.errors as unknown[]));
  }
  return out;
}
