import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { describeError, operatorError } from '../errors/codes.ts';

/** PEM files of the metrics endpoint's serving certificate (the original serves `https://:8443/metrics`). */
export interface MetricsTlsFiles {
  certFile: string;
  keyFile: string;
}

/** Options of {@link startHealthAndMetricsServers}. */
export interface HealthAndMetricsOptions {
  /** Port of `/metrics`; 0 picks a free one (see {@link HealthAndMetricsServers.metricsPort}). */
  metricsPort: number;
  /** Port of `/healthz` and `/readyz`; 0 picks a free one. */
  healthPort: number;
  /** Address both listen on, for example `0.0.0.0`, `::` or `127.0.0.1`. */
  host: string;
  /** Serve `/metrics` over HTTPS with these files; plain HTTP without. */
  tls?: MetricsTlsFiles;
  /** What `/metrics` serves. */
  registry: Registry;
  /** `/readyz` answers 200 while this returns true, 503 otherwise (and when it throws). */
  ready(): boolean;
}

/** The running servers. */
export interface HealthAndMetricsServers {
  /** The port `/metrics` actually listens on. */
  readonly metricsPort: number;
  /** The port `/healthz` and `/readyz` actually listen on. */
  readonly healthPort: number;
  /** `https` when TLS files were given. */
  readonly metricsProtocol: 'http' | 'https';
  /** Re-reads the TLS files (after the serving certificate was rotated); new connections use them. */
  reloadTls(): Promise<void>;
  /** Stops both servers and drops open connections; later calls return the same promise. */
  close(): Promise<void>;
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

async function readTls(files: MetricsTlsFiles): Promise<{ cert: Buffer; key: Buffer }> {
  const read = async (key: string, file: string): Promise<Buffer> => {
    try {
      return await readFile(file);
    } catch (error) {
      throw operatorError('IO_SERVER_TLS_FILE', key, file, describeError(error));
    }
  };
  return { cert: await read('certFile', files.certFile), key: await read('keyFile', files.keyFile) };
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** Answers GET/HEAD only; `body` is skipped for HEAD. */
function reply(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function guardMethod(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  res.writeHead(405, { ...TEXT, allow: 'GET, HEAD' });
  res.end('method not allowed\n');
  return false;
}

function metricsHandler(registry: Registry) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (!guardMethod(req, res)) return;
    if (pathOf(req) !== '/metrics') return reply(req, res, 404, TEXT, 'not found\n');
    registry.metrics().then(
      (text) => reply(req, res, 200, { 'content-type': registry.contentType }, text),
      (error: unknown) => reply(req, res, 500, TEXT, `collecting metrics failed: ${describeError(error)}\n`),
    );
  };
}

function healthHandler(ready: () => boolean) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (!guardMethod(req, res)) return;
    const path = pathOf(req);
    if (path === '/healthz') return reply(req, res, 200, TEXT, 'ok\n');
    if (path !== '/readyz') return reply(req, res, 404, TEXT, 'not found\n');
    let isReady = false;
    try {
      isReady = ready();
    } catch {
      isReady = false;
    }
    reply(req, res, isReady ? 200 : 503, TEXT, isReady ? 'ok\n' : 'not ready\n');
  };
}

function listen(server: Server, name: string, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      reject(operatorError('IO_SERVER_LISTEN', name, `${host}:${port}`, describeError(error)));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function stop(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Starts `/metrics` on one port (HTTPS when `tls` is given) and `/healthz` (200 while the process runs)
 * plus `/readyz` (200 when `ready()`, else 503) on another, as the original's controller-runtime manager
 * does. Rejects, with nothing left listening, when a TLS file cannot be read or a port is taken.
 */
export async function startHealthAndMetricsServers(options: HealthAndMetricsOptions): Promise<HealthAndMetricsServers> {
  const { tls } = options;
  const onMetrics = metricsHandler(options.registry);
  const metricsServer: Server | HttpsServer = tls === undefined
    ? createHttpServer(onMetrics)
    : createHttpsServer(await readTls(tls), onMetrics);
  const healthServer = createHttpServer(healthHandler(options.ready));

  let metricsPort: number;
  let healthPort: number;
  try {
    metricsPort = await listen(metricsServer, 'metrics', options.host, options.metricsPort);
    healthPort = await listen(healthServer, 'health', options.host, options.healthPort);
  } catch (error) {
    await Promise.all([stop(metricsServer), stop(healthServer)]);
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    metricsPort,
    healthPort,
    metricsProtocol: tls === undefined ? 'http' : 'https',
    async reloadTls() {
      if (tls === undefined) return;
      (metricsServer as HttpsServer).setSecureContext(await readTls(tls));
    },
    close() {
      closing ??= Promise.all([stop(metricsServer), stop(healthServer)]).then(() => undefined);
      return closing;
    },
  };
}
