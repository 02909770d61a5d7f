/**
 * A loopback HTTP proxy for tests: CONNECT tunnels (what clients use for https targets) and plain-HTTP
 * absolute-URI forwarding, with optional Basic proxy authentication and a log of what it was asked.
 *
 *   const proxy = await startConnectProxy({ auth: { user: 'u', pass: 'p' } });
 *   env.HTTPS_PROXY = `http://u:p@${new URL(proxy.url).host}`;
 *   ... proxy.connects → [{ target: '127.0.0.1:8443', at, authorized: true }]
 *   await proxy.close();
 */
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface ConnectProxyOptions {
  /** Require `Proxy-Authorization: Basic` with these credentials; anything else gets 407. */
  auth?: { user: string; pass: string };
}

/** One CONNECT request. */
export interface ProxyConnect {
  /** `host:port` as asked. */
  target: string;
  /** `performance.now()` when it arrived. */
  at: number;
  /** Whether the credentials were right (always true without `auth`); false ones got 407. */
  authorized: boolean;
}

/** One plain-HTTP request forwarded (absolute-form request target). */
export interface ProxyForward {
  method: string;
  url: string;
  at: number;
  authorized: boolean;
}

export interface ConnectProxy {
  /** `http://127.0.0.1:<port>` (no credentials). */
  readonly url: string;
  readonly connects: ProxyConnect[];
  readonly forwards: ProxyForward[];
  /** Stops listening and cuts open tunnels. */
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['proxy-authorization', 'proxy-connection', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const connects: ProxyConnect[] = [];
  const forwards: ProxyForward[] = [];
  const sockets = new Set<Socket | Duplex>();
  const expected = options.auth === undefined ? undefined : `Basic ${Buffer.from(`${options.auth.user}:${options.auth.pass}`).toString('base64')}`;
  const authorized = (req: IncomingMessage): boolean => expected === undefined || req.headers['proxy-authorization'] === expected;
  const track = (socket: Socket | Duplex): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const ok = authorized(req);
    forwards.push({ method: req.method ?? 'GET', url: req.url ?? '', at: performance.now(), authorized: ok });
    if (!ok) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="connect-proxy"', 'content-length': '0', connection: 'close' }).end();
      return;
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
      if (target.protocol !== 'http:') throw new Error('not http');
    } catch {
      res.writeHead(400, { 'content-length': '0' }).end();
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    const upstream = httpRequest(target, { method: req.method, headers }, (up) => {
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(up.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
      res.writeHead(up.statusCode ?? 502, out);
      up.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-length': '0' });
      res.end();
    });
    req.pipe(upstream);
  });
  server.on('connection', track);

  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    track(client);
    client.on('error', () => undefined);
    const target = req.url ?? '';
    const ok = authorized(req);
    connects.push({ target, at: performance.now(), authorized: ok });
    if (!ok) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="connect-proxy"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(target);
    if (match === null) {
      client.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const upstream = connect(Number(match[2]), (match[1] ?? '').replace(/^\[|\]$/g, ''));
    track(upstream);
    let established = false;
    upstream.on('connect', () => {
      established = true;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => {
      if (!established && client.writable) client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      else client.destroy();
    });
    client.on('close', () => upstream.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    forwards,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
