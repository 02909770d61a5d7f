import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { SecureVersion } from 'node:tls';
import { MULTIPART_ALLOWANCE } from '../../../core/ingress/ingress-contract.ts';
import type { SimCerts } from '../kube/certs.ts';
import { readRequest } from './read-request.ts';
import { reply } from './reply.ts';
import type { Reply } from './reply.ts';
import { matchRoute } from './routes/table.ts';
import type { ScriptQueues } from './script.ts';
import type { ConsoleState } from './state.ts';
import type { ConsoleRequest, ScriptedResponse } from './types.ts';

export interface ConsoleServerDeps {
  state: ConsoleState;
  scripts: ScriptQueues;
  certs: SimCerts;
  minTlsVersion?: SecureVersion;
  maxTlsVersion?: SecureVersion;
  /** A request arrived (its body read): the record is then updated in place when answered. */
  onArrival: (record: ConsoleRequest) => void;
  /** A request was answered or reset. */
  onAnswered: (record: ConsoleRequest) => void;
}

/** The HTTPS server and a way to abandon requests waiting on a scripted delay. */
export interface ConsoleServer {
  server: Server;
  /** Ends every pending delay at once (on close), so no timer outlives the simulator. */
  cancelDelays(): void;
}

function flatHeaders(request: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * Cuts the connection with a TCP RST. The TLS socket's own handle cannot do this; the raw TCP socket
 * under it (`_parent`, internal to Node) can. Falls back to a plain destroy.
 */
function resetConnection(socket: Socket): void {
  const raw = (socket as Socket & { _parent?: Socket })._parent;
  try {
    if (raw !== undefined && raw !== null) {
      raw.resetAndDestroy();
      return;
    }
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

function send(response: ServerResponse, answer: Reply): void {
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
}

/** The simulator's HTTPS server: reads, logs, applies scripts, else the route's default behaviour. */
export function createConsoleServer(deps: ConsoleServerDeps): ConsoleServer {
  const { state, scripts } = deps;
  const delays = new Set<() => void>();
  const delay = (ms: number) => new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      delays.delete(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    delays.add(done);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(request.url ?? '/', 'https://console-sim');
    const matched = matchRoute(url.pathname);
    const read = await readRequest(request, state.settings.maxBytes + MULTIPART_ALLOWANCE);
    const record: ConsoleRequest = {
      at,
      method: request.method ?? '',
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      headers: flatHeaders(request),
      route: matched?.entry.route ?? 'unknown',
      status: 0,
      scripted: false,
      bodyBytes: read.bytes,
      bodySha256: read.sha256,
    };
    deps.onArrival(record);

    const script: ScriptedResponse | undefined = matched === undefined ? undefined : scripts.next(matched.entry.route);
    if (script?.delayMs !== undefined && script.delayMs > 0) await delay(script.delayMs);
    if (response.destroyed || request.socket.destroyed) {
      record.answeredAt = performance.now();
      deps.onAnswered(record);
      return;
    }
    if (script?.reset === true) {
      resetConnection(request.socket);
      record.answeredAt = performance.now();
      deps.onAnswered(record);
      return;
    }

    let answer: Reply;
    if (script?.status !== undefined) {
      record.scripted = true;
      answer = reply(script.status, script.body, script.headers);
    } else if (matched === undefined) {
      answer = reply(404, { error: 'Not Found', path: url.pathname });
    } else if (request.method !== matched.entry.method) {
      answer = reply(405, { error: 'Method Not Allowed' }, { allow: matched.entry.method });
    } else if (read.body === undefined) {
      answer = reply(413, `the request body is ${read.bytes} bytes, far above the ${state.settings.maxBytes}-byte limit\n`);
    } else {
      answer = await matched.entry.handle({
        method: record.method, path: record.path, query: url.searchParams, headers: record.headers,
        body: read.body, params: matched.params, record, state,
      });
    }
    record.status = answer.status;
    record.answeredAt = performance.now();
    send(response, answer);
    deps.onAnswered(record);
  }

  const legacyOnly = deps.maxTlsVersion === 'TLSv1' || deps.maxTlsVersion === 'TLSv1.1';
  // Node's default minimum is TLS 1.2, which would leave a legacy-only server no protocol at all.
  const minVersion = deps.minTlsVersion ?? (legacyOnly ? 'TLSv1' : undefined);
  const server = createServer({
    cert: deps.certs.certPem,
    key: deps.certs.keyPem,
    ...(minVersion === undefined ? {} : { minVersion }),
    ...(deps.maxTlsVersion === undefined ? {} : { maxVersion: deps.maxTlsVersion }),
    // OpenSSL 3 refuses TLS 1.0/1.1 handshakes (their MD5-SHA1 signatures) above security level 0.
    ...(legacyOnly ? { ciphers: 'DEFAULT@SECLEVEL=0' } : {}),
  }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent || response.destroyed) return;
      send(response, reply(500, `console-sim: ${error instanceof Error ? error.message : String(error)}\n`));
    });
  });
  return {
    server,
    cancelDelays: () => {
      for (const done of [...delays]) done();
    },
  };
}
