/**
 * A small HTTPS server for the client's tests (the console simulator is tested elsewhere): it records
 * every request and answers with the handler given, by default 200 `ok`.
 */
import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerOptions } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { generateCerts } from '../../sim/kube/certs.ts';
import type { SimCerts } from '../../sim/kube/certs.ts';

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface TestServer {
  /** `https://<host>:<port>` */
  readonly url: string;
  readonly port: number;
  readonly certs: SimCerts;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

export type Handler = (req: SeenRequest, res: ServerResponse) => void;

/**
 * @param options.host - where to listen (default 127.0.0.1); `127.0.0.2` gives a host name the
 *   certificate does not cover (it names 127.0.0.1, ::1, localhost and `names`)
 * @param options.names - extra names for the certificate
 * @param options.tls - extra TLS server options (`maxVersion: 'TLSv1.1'`)
 */
export async function startTestServer(options: { host?: string; names?: string[]; certs?: SimCerts; tls?: ServerOptions; handler?: Handler } = {}): Promise<TestServer> {
  const certs = options.certs ?? (await generateCerts(options.names ?? []));
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const handler: Handler = options.handler ?? ((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
  const server = createServer({ cert: certs.certPem, key: certs.keyPem, ...options.tls }, (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(seen);
      handler(seen, res);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://${host}:${port}`,
    port,
    certs,
    requests,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
