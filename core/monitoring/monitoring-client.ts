import type { Logger } from 'pino';
import { request } from 'undici';
import { MonitoringApiError } from '../../plugin-api/errors.ts';
import type { MonitoringApi } from '../../plugin-api/monitoring.ts';
import { OPERATOR_VERSION } from '../cli/version.ts';
import { CaBundle } from '../insights/ca-bundle.ts';
import { DispatcherPool } from '../insights/dispatcher-pool.ts';
import { readCapped } from '../insights/insights-client.ts';
import { effectiveProxy, proxyFor } from '../insights/proxy-for.ts';
import { quoteBody } from '../insights/quote-body.ts';
import { redactUrl } from '../insights/redact-url.ts';
import { transportFailure } from '../insights/transport-kind.ts';
import { realScheduler } from '../time/scheduler.ts';
import type { Scheduler } from '../time/scheduler.ts';
import type { BearerTokenSource } from './operator-token.ts';

/** A whole request's deadline when the caller gives none; the gathering function's own deadline usually comes first. */
export const DEFAULT_MONITORING_TIMEOUT_MS = 60_000;
/** The original's dial timeout. */
export const DEFAULT_MONITORING_CONNECT_TIMEOUT_MS = 30_000;
/** Largest body read: `/federate` answers grow with the cluster; an archive holds 24 MiB in all. */
export const DEFAULT_MONITORING_MAX_BYTES = 64 * 1024 * 1024;

/** In-cluster services are reached with the environment's proxy rules only (see {@link MonitoringClient}). */
const NO_CONFIGURED_PROXY = { httpProxy: '', httpsProxy: '', noProxy: '' } as const;

export interface MonitoringClientOptions {
  /** Names the service in messages and logs: `prometheus`, `alertmanager`. */
  readonly service: string;
  /** `https://host:port`, optionally with a path prefix. */
  readonly baseUrl: string;
  /** The only CA trusted (the service CA bundle); re-read when it changes. */
  readonly caFile: string;
  readonly token: BearerTokenSource;
  readonly logger: Logger;
  /** Proxy variables (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  readonly scheduler?: Scheduler;
  readonly timeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly maxResponseBytes?: number;
}

/** What a successful request returns to subclasses. */
export interface MonitoringAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * The client for an in-cluster monitoring service, on undici, as the original's clients built from the
 * operator's rest config:
 * 1. TLS is verified (chain, host name, TLS ≥ 1.2) against the CA file alone — no system roots, as a Go
 *    client given a CA file; the file is re-read when it changes; without it nothing is sent;
 * 2. `Authorization: Bearer` carries the operator's own token ({@link BearerTokenSource}), read per
 *    request; none when it has none;
 * 3. proxies: the environment's `HTTPS_PROXY`/`NO_PROXY`, read as the Insights client reads them
 *    (CIDRs included). The support secret's and insights-config's proxy are for Red Hat's services and
 *    are not applied: the original's monitoring clients use only the environment too, and the cluster-wide
 *    proxy puts `.svc` in `NO_PROXY`;
 * 4. a deadline, a capped body, and the caller's AbortSignal.
 * Every failure is a {@link MonitoringApiError}; the token appears in no message and no log line.
 */
export class MonitoringClient implements MonitoringApi {
  readonly endpoint: string;
  readonly #service: string;
  readonly #base: URL;
  readonly #caFile: string;
  readonly #token: BearerTokenSource;
  readonly #logger: Logger;
  readonly #env: NodeJS.ProcessEnv;
  readonly #scheduler: Scheduler;
  readonly #timeoutMs: number;
  readonly #maxBytes: number;
  readonly #cas: CaBundle;
  readonly #pool: DispatcherPool;

  /** @throws TypeError when the base URL is not an https URL */
  constructor(options: MonitoringClientOptions) {
    let base: URL;
    try {
      base = new URL(options.baseUrl);
    } catch {
      throw new TypeError(`${options.service} URL "${redactUrl(options.baseUrl)}" is not a valid URL`);
    }
    // The bearer token must never travel in the clear.
    if (base.protocol !== 'https:') throw new TypeError(`${options.service} URL ${redactUrl(base.href)} must be https`);
    base.username = '';
    base.password = '';
    base.search = '';
    base.hash = '';
    this.#base = base;
    this.endpoint = base.href.replace(/\/$/, '');
    this.#service = options.service;
    this.#caFile = options.caFile;
    this.#token = options.token;
    this.#logger = options.logger;
    this.#env = options.env ?? process.env;
    this.#scheduler = options.scheduler ?? realScheduler;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_MONITORING_TIMEOUT_MS;
    this.#maxBytes = options.maxResponseBytes ?? DEFAULT_MONITORING_MAX_BYTES;
    this.#cas = new CaBundle(options.caFile, options.logger, { systemRoots: false, what: `${options.service} service CA` });
    this.#pool = new DispatcherPool({ connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_MONITORING_CONNECT_TIMEOUT_MS });
  }

  async get(
    path: string,
    options: { query?: Readonly<Record<string, string | readonly string[]>>; signal?: AbortSignal; accept?: string } = {},
  ): Promise<string> {
    return (await this.fetch(path, options)).body;
  }

  /** {@link get} with the status, for subclasses that check the answer's shape. */
  async fetch(
    path: string,
    options: { query?: Readonly<Record<string, string | readonly string[]>>; signal?: AbortSignal; accept?: string } = {},
  ): Promise<MonitoringAnswer> {
    const where = `${this.#service} GET ${this.endpoint}${path}`;
    const fail = (status: number, why: string, body?: string): MonitoringApiError =>
      new MonitoringApiError(`${where} ${why}`, { status, endpoint: this.endpoint, path, ...(body === undefined ? {} : { body }) });
    if (!path.startsWith('/') || /[?#]/.test(path)) throw fail(0, 'was not sent: the path must start with "/" and carry no query (pass it in options.query)');
    // A function, so that TypeScript does not keep the first check's narrowing for the later one.
    const cancelled = (): boolean => options.signal?.aborted === true;
    if (cancelled()) throw fail(0, 'was cancelled');

    const target = new URL(this.#base.href);
    target.pathname = `${this.#base.pathname.replace(/\/$/, '')}${path}`;
    for (const [name, value] of Object.entries(options.query ?? {})) {
      for (const v of typeof value === 'string' ? [value] : value) target.searchParams.append(name, v);
    }

    const cas = await this.#cas.current();
    if (cas.fromBundle === 0) throw fail(0, `was not sent: the service CA file ${this.#caFile} is absent or holds no certificate, so the server cannot be verified`);
    let token: string | undefined;
    try {
      token = await this.#token();
    } catch (error) {
      throw fail(0, `was not sent: ${(error as Error).message}`);
    }
    if (token !== undefined && /[\r\n]/.test(token)) throw fail(0, 'was not sent: the token holds a line break');
    let proxy: URL | undefined;
    try {
      proxy = proxyFor(target, effectiveProxy(NO_CONFIGURED_PROXY, this.#env));
    } catch (error) {
      throw fail(0, `was not sent: the environment proxy: ${(error as Error).message}`);
    }
    const headers: Record<string, string> = { accept: options.accept ?? '*/*', 'user-agent': `insights-operator/${OPERATOR_VERSION}` };
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    const secrets = [token];

    const controller = new AbortController();
    let timedOut = false;
    const timer = this.#scheduler.setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`deadline of ${this.#timeoutMs} ms passed`));
    }, this.#timeoutMs);
    const onAbort = (): void => controller.abort(new Error('cancelled by the caller'));
    // The signal may have fired while the CA or the token was being read.
    if (cancelled()) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    const started = performance.now();
    try {
      const res = await request(target, { method: 'GET', headers, signal: controller.signal, dispatcher: this.#pool.get(proxy, cas) });
      const bytes = await readCapped(res.body, this.#maxBytes, () => fail(res.statusCode, `answered ${res.statusCode} with a body larger than ${this.#maxBytes} bytes`), res.headers['content-length']);
      const ms = Math.round(performance.now() - started);
      this.#logger.debug({ service: this.#service, path, status: res.statusCode, bytes: bytes.length, ms }, 'monitoring request');
      if (res.statusCode < 200 || res.statusCode > 299) {
        const quote = quoteBody(bytes, secrets);
        throw fail(res.statusCode, `answered ${res.statusCode}: ${quote === '' ? '(empty body)' : quote}`, quote);
      }
      return { status: res.statusCode, body: bytes.toString('utf8') };
    } catch (error) {
      if (error instanceof MonitoringApiError) throw error;
      let failure: MonitoringApiError;
      if (timedOut) failure = fail(0, `got no complete response within ${this.#timeoutMs} ms`);
      else if (cancelled()) failure = fail(0, 'was cancelled');
      else {
        const { kind, why, code } = transportFailure(error, proxy !== undefined);
        // Node's own advice (--use-system-ca) does not apply: only the service CA is ever trusted.
        const text = why.replace(/; if the root CA is installed locally.*$/s, '');
        const hint = kind === 'tls' ? ` (the certificate must be signed by a CA in ${this.#caFile})` : '';
        failure = fail(0, `got no HTTP response (${kind}${code === undefined ? '' : `, ${code}`}): ${quoteBody(text, secrets)}${hint}`);
      }
      this.#logger.debug({ service: this.#service, path, error: failure.message }, 'monitoring request failed');
      throw failure;
    } finally {
      this.#scheduler.clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Closes the connections. */
  async close(): Promise<void> {
    await this.#pool.close();
  }
}
