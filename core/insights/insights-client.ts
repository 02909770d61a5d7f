import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { FormData as UndiciFormData, request } from 'undici';
import type { Dispatcher } from 'undici';
import type { ProxySettings } from '../config/config-sources.ts';
import type { Token } from '../config/token.ts';
import { operatorError, OperatorError } from '../errors/codes.ts';
import { realScheduler } from '../time/scheduler.ts';
import type { Scheduler } from '../time/scheduler.ts';
import { CaBundle, TRUSTED_CA_BUNDLE_FILE } from './ca-bundle.ts';
import { ClusterIdReader } from './cluster-id-reader.ts';
import { DispatcherPool } from './dispatcher-pool.ts';
import type { InsightsHttp, InsightsRequest, InsightsResponse } from './insights-http.ts';
import { effectiveProxy, proxyCredentials, proxyFor } from './proxy-for.ts';
import { quoteBody } from './quote-body.ts';
import { redactUrl } from './redact-url.ts';
import { InsightsTransportError } from './transport-error.ts';
import { transportFailure } from './transport-kind.ts';
import { userAgent } from './user-agent.ts';

/** The original's per-upload context. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** The original's dial timeout. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;
/** Largest response body read when the request does not say. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/** Headers only the client sets; a caller's copies are dropped. */
const RESERVED_HEADERS = new Set(['authorization', 'user-agent', 'proxy-authorization', 'host']);

/** What the client needs; `config` and `token` are read at each request, so changes apply at once. */
export interface InsightsClientOptions {
  /** The pull-secret token (`config().token` in the operator). */
  token: () => Token | undefined;
  /** The operator's own kubeconfig, to read the cluster ID; not needed when `clusterId` is given. */
  kubeConfig?: KubeConfig;
  /** The effective configuration; only `proxy` is read. */
  config: () => { readonly proxy: Readonly<ProxySettings> };
  /** The trusted CA bundle (default {@link TRUSTED_CA_BUNDLE_FILE}); used when it exists. */
  caBundleFile?: string;
  /** Proxy variables, `RELEASE_VERSION`, `SOURCE_GIT_COMMIT` (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  /** Overrides the ClusterVersion lookup (tests without a cluster). */
  clusterId?: () => Promise<string>;
  /** Timers for request deadlines (default: real, unref'd). */
  scheduler?: Scheduler;
  /** TCP (and proxy) connect timeout in ms (default 30 s). */
  connectTimeoutMs?: number;
}

/**
 * The one HTTP client for Red Hat's services (ingress, reports, rules, OCM), on undici. Each request:
 * 1. refuses to send without a token or with a token holding a newline (`IO_INSIGHTS_NO_TOKEN`,
 *    `IO_INSIGHTS_BAD_TOKEN`), before any I/O;
 * 2. sets `User-Agent: insights-operator/<version>-<commit> cluster/<clusterID>` and
 *    `Authorization: Bearer <token>` or, for OCM, `AccessToken <clusterID>:<token>`;
 * 3. verifies TLS (chain and host name, TLS ≥ 1.2) against the system roots plus the trusted CA bundle
 *    file, re-read when it changes; never falls back to an unverified connection;
 * 4. goes through the proxy the configuration names, else the environment's (`NO_PROXY` with CIDRs),
 *    tunnelling https with CONNECT;
 * 5. has a deadline (default 60 s) and a capped body read, and honours the caller's AbortSignal.
 * It never retries; failures without a response are {@link InsightsTransportError}s with a `kind`.
 * The token, the Authorization header and proxy credentials never appear in logs or errors.
 */
export class InsightsClient implements InsightsHttp {
  readonly #token: () => Token | undefined;
  readonly #config: () => { readonly proxy: Readonly<ProxySettings> };
  readonly #env: NodeJS.ProcessEnv;
  readonly #logger: Logger;
  readonly #clusterId: () => Promise<string>;
  readonly #scheduler: Scheduler;
  readonly #cas: CaBundle;
  readonly #pool: DispatcherPool;

  constructor(options: InsightsClientOptions) {
    this.#token = options.token;
    this.#config = options.config;
    this.#env = options.env ?? process.env;
    this.#logger = options.logger;
    this.#scheduler = options.scheduler ?? realScheduler;
    if (options.clusterId !== undefined) {
      this.#clusterId = options.clusterId;
    } else if (options.kubeConfig !== undefined) {
      const reader = new ClusterIdReader(options.kubeConfig);
      this.#clusterId = () => reader.get();
    } else {
      throw new TypeError('InsightsClient needs a kubeConfig or a clusterId function');
    }
    this.#cas = new CaBundle(options.caBundleFile ?? TRUSTED_CA_BUNDLE_FILE, options.logger);
    this.#pool = new DispatcherPool({ connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS });
  }

  clusterId(): Promise<string> {
    return this.#clusterId();
  }

  async request(req: InsightsRequest): Promise<InsightsResponse> {
    const { method } = req;
    const url = redactUrl(req.url);
    const token = this.#token();
    const secret = token?.reveal() ?? '';
    if (secret === '') throw operatorError('IO_INSIGHTS_NO_TOKEN', method, url);
    if (secret.includes('\n') || secret.includes('\r')) throw operatorError('IO_INSIGHTS_BAD_TOKEN', method, url, 'contains newlines');
    const clusterId = await this.#clusterId();

    let target: URL;
    try {
      target = new URL(req.url);
    } catch {
      throw new InsightsTransportError(method, url, 'other', 'the URL is not valid');
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') {
      throw new InsightsTransportError(method, url, 'other', `scheme ${target.protocol} is not supported`);
    }
    const settings = effectiveProxy(this.#config().proxy, this.#env);
    let proxy: URL | undefined;
    try {
      proxy = proxyFor(target, settings);
    } catch (error) {
      throw new InsightsTransportError(method, url, 'proxy', `the ${settings.source === 'config' ? 'configured' : 'environment'} proxy: ${(error as Error).message}`);
    }
    const dispatcher = this.#pool.get(proxy, await this.#cas.current());

    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers ?? {})) if (!RESERVED_HEADERS.has(name.toLowerCase())) headers[name] = value;
    headers['user-agent'] = userAgent(clusterId, this.#env);
    headers['authorization'] = req.auth === 'ocm' ? `AccessToken ${clusterId}:${secret}` : `Bearer ${secret}`;

    const proxyLabel = proxy === undefined ? 'direct' : redactUrl(proxy.href);
    const started = performance.now();
    this.#logger.debug({ method, url, auth: req.auth, proxy: proxyLabel }, 'insights request');
    const credentials = proxy === undefined ? undefined : proxyCredentials(proxy);
    const secrets = [secret, credentials?.pass ?? '', proxy?.password ?? ''];
    let response: InsightsResponse;
    try {
      response = await this.#send(req, target, url, dispatcher, headers, proxy !== undefined, secrets);
    } catch (error) {
      const kind = error instanceof InsightsTransportError ? error.kind : undefined;
      this.#logger.debug({ method, url, kind, error: (error as Error).message }, 'insights request failed');
      throw error;
    }
    const ms = Math.round(performance.now() - started);
    this.#logger.debug({ method, url, status: response.statusCode, requestId: response.requestId, ms }, 'insights response');
    if (response.statusCode >= 300) {
      this.#logger.trace({ method, url, status: response.statusCode, body: quoteBody(response.body, secrets) }, 'insights response body');
    }
    return response;
  }

  /** Closes the connections; call on shutdown. */
  async close(): Promise<void> {
    await this.#pool.close();
  }

  async #send(
    req: InsightsRequest,
    target: URL,
    url: string,
    dispatcher: Dispatcher,
    headers: Record<string, string>,
    viaProxy: boolean,
    secrets: readonly string[],
  ): Promise<InsightsResponse> {
    const { method } = req;
    const timeoutMs = req.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const maxBytes = req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const controller = new AbortController();
    let timedOut = false;
    const timer = this.#scheduler.setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`deadline of ${timeoutMs} ms passed`));
    }, timeoutMs);
    const onAbort = (): void => controller.abort(new Error('cancelled by the caller'));
    if (req.signal?.aborted === true) onAbort();
    else req.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await request(target, { method, headers, body: toUndiciBody(req.body), signal: controller.signal, dispatcher });
      const body = await readCapped(res.body, maxBytes, () => operatorError('IO_INSIGHTS_BODY_TOO_LARGE', method, url, maxBytes), res.headers['content-length']);
      const flat: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(res.headers)) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      return { statusCode: res.statusCode, headers: flat, body, requestId: flat['x-rh-insights-request-id'] };
    } catch (error) {
      if (error instanceof OperatorError) throw error;
      if (timedOut) throw new InsightsTransportError(method, url, 'timeout', `no complete response within ${timeoutMs} ms`);
      if (req.signal?.aborted === true) throw new InsightsTransportError(method, url, 'aborted', 'the request was cancelled');
      const failure = transportFailure(error, viaProxy);
      throw new InsightsTransportError(method, url, failure.kind, quoteBody(failure.why, secrets), failure.code);
    } finally {
      this.#scheduler.clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** Bodies as undici takes them: it accepts only its own FormData class, so others are copied into one. */
function toUndiciBody(body: InsightsRequest['body']): string | Uint8Array | UndiciFormData | undefined {
  if (body === undefined || typeof body === 'string' || body instanceof Uint8Array || body instanceof UndiciFormData) return body;
  const form = new UndiciFormData();
  for (const [name, value] of body.entries()) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, value, value.name);
  }
  return form;
}

/** Reads a body up to `limit` bytes; a longer one is discarded (the connection closed) and `tooLarge()` thrown. */
export async function readCapped(
  body: Dispatcher.ResponseData['body'],
  limit: number,
  tooLarge: () => Error,
  contentLength: string | string[] | undefined,
): Promise<Buffer> {
  const declared = typeof contentLength === 'string' ? Number(contentLength) : Number.NaN;
  if (Number.isFinite(declared) && declared > limit) {
    body.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    total += bytes.length;
    if (total > limit) {
      body.destroy();
      throw tooLarge();
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}
