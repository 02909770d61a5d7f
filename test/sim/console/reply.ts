/** An answer, built by a route or a script, written by the server. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/**
 * A reply whose body is sent as is when it is a string or bytes, and as JSON otherwise (so a test
 * can serve malformed JSON by giving a string). `content-type` is set unless `headers` has one.
 */
export function reply(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  const raw = typeof body === 'string' || Buffer.isBuffer(body) || body instanceof Uint8Array;
  const hasType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  const type = raw ? 'text/plain; charset=utf-8' : 'application/json';
  return {
    status,
    headers: hasType || body === undefined ? headers : { 'content-type': type, ...headers },
    body: body === undefined ? '' : raw ? (typeof body === 'string' ? body : Buffer.from(body)) : JSON.stringify(body),
  };
}

/** An OCM-style error body (`{"kind":"Error",...}`). */
export function ocmError(status: number, reason: string): Reply {
  return reply(status, { kind: 'Error', id: String(status), code: `CLUSTERS-MGMT-${status}`, reason });
}
