import { randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describeError } from '../errors/codes.ts';
import { INGRESS_DEFAULT_MAX_BYTES, INGRESS_UPLOAD_PATH, MULTIPART_ALLOWANCE, REQUEST_ID_HEADER, acceptedBody } from './ingress-contract.ts';
import { readBody } from './read-body.ts';
import { formatUploadLine, summarizeUpload } from './upload-summary.ts';
import type { UploadSummary } from './upload-summary.ts';
import { validateUpload } from './validate-upload.ts';

/** Settings of a local ingress. */
export interface ReceiverOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Where accepted archives are stored as `<request-id>.tar.gz` (created if missing). */
  dir: string;
  /** When set, only `Authorization: Bearer <token>` is accepted (else 401); when absent, no check. */
  token?: string;
  /** Serve HTTPS with this certificate chain and key (PEM); plain HTTP without. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Largest archive accepted (default 100 MiB, the real service's default). */
  maxBytes?: number;
  /** The `org_id` answered in the 202 body (default "0"). */
  orgId?: string;
  now?: () => Date;
  newRequestId?: () => string;
  /** After an archive is stored, before the 202 is sent. */
  onAccepted?: (event: AcceptedUpload) => void;
  /** For every request answered with anything but 202. */
  onRejected?: (event: RejectedRequest) => void;
}

/** An accepted, stored upload. */
export interface AcceptedUpload {
  at: Date;
  requestId: string;
  /** Where the archive was stored. */
  file: string;
  summary: UploadSummary;
  /** The summary line (`formatUploadLine`). */
  line: string;
  /** The `metadata` part, parsed, when one was sent. */
  metadata?: unknown;
}

/** A refused request. */
export interface RejectedRequest {
  at: Date;
  method: string;
  path: string;
  status: number;
  error: string;
}

/** A running local ingress. */
export interface Receiver {
  /** Base URL, e.g. `http://127.0.0.1:8090`. */
  readonly url: string;
  /** The upload endpoint's URL (`url` + `/api/ingress/v1/upload`). */
  readonly uploadUrl: string;
  /** Stops accepting; uploads in flight may finish within `graceMs` (default 5 s), then connections are cut. */
  close(graceMs?: number): Promise<void>;
}

class Refusal extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

function sameToken(header: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const got = Buffer.from(header ?? '');
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/**
 * A local ingress for people testing their cluster's uploads (`insights-operator receive`): it
 * accepts exactly what the public ingress accepts (`validateUpload`), stores each archive, reports a
 * summary of it, and answers 202 with a request id (header `x-rh-insights-request-id` and body) —
 * or the real service's refusal status. Unlike the service, it tells the client why in the body.
 */
export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const maxBytes = options.maxBytes ?? INGRESS_DEFAULT_MAX_BYTES;
  const now = options.now ?? (() => new Date());
  const newRequestId = options.newRequestId ?? randomUUID;
  const orgId = options.orgId ?? '0';
  await mkdir(options.dir, { recursive: true });

  async function accept(request: IncomingMessage): Promise<{ requestId: string }> {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== INGRESS_UPLOAD_PATH) throw new Refusal(404, `no such endpoint; uploads go to ${INGRESS_UPLOAD_PATH}`);
    if (request.method !== 'POST') throw new Refusal(405, 'only POST is allowed', { allow: 'POST' });
    if (options.token !== undefined && !sameToken(request.headers.authorization, options.token)) {
      throw new Refusal(401, 'missing or wrong bearer token');
    }
    const read = await readBody(request, maxBytes + MULTIPART_ALLOWANCE).catch((error: unknown) => {
      throw new Refusal(400, describeError(error));
    });
    if (read.tooLarge) throw new Refusal(413, `the request body is ${read.bytes} bytes, far above the ${maxBytes}-byte archive limit`);
    const verdict = await validateUpload({ contentType: request.headers['content-type'], body: read.body }, { maxBytes });
    if (verdict.status !== 202 || verdict.archive === undefined) throw new Refusal(verdict.status, verdict.error ?? 'refused');

    const requestId = newRequestId();
    const file = join(options.dir, `${requestId}.tar.gz`);
    const temp = join(options.dir, `.${requestId}.tar.gz.tmp`);
    try {
      await writeFile(temp, verdict.archive);
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw new Refusal(500, `the archive could not be stored in ${options.dir}: ${describeError(error)}`);
    }
    const summary = await summarizeUpload(verdict.archive);
    const at = now();
    options.onAccepted?.({
      at, requestId, file, summary,
      line: formatUploadLine(at, requestId, summary),
      ...(verdict.metadata === undefined ? {} : { metadata: verdict.metadata }),
    });
    return { requestId };
  }

  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    accept(request).then(({ requestId }) => {
      response.writeHead(202, { 'content-type': 'application/json', [REQUEST_ID_HEADER]: requestId });
      response.end(acceptedBody(requestId, orgId));
    }, (error: unknown) => {
      const status = error instanceof Refusal ? error.status : 500;
      const message = describeError(error);
      options.onRejected?.({ at: now(), method: request.method ?? '', path: (request.url ?? '/').split('?')[0] ?? '/', status, error: message });
      if (response.headersSent || response.destroyed) return;
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...(error instanceof Refusal ? error.headers : {}) });
      response.end(`${message}\n`);
    });
  };

  const server: Server = options.tls === undefined
    ? createHttpServer(handler)
    : createHttpsServer({ cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `${options.tls === undefined ? 'http' : 'https'}://${host}:${port}`;

  return {
    url,
    uploadUrl: `${url}${INGRESS_UPLOAD_PATH}`,
    close(graceMs = 5000) {
      return new Promise((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
