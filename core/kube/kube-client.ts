import { ApiException } from '@kubernetes/client-node';
import { KubeApiError } from '../../plugin-api/errors.ts';
import type { DiscoveredType, KubeClient, KubeObject, ListOptions, LogOptions, NodeLogOptions, ResourceType, ServiceProxyOptions } from '../../plugin-api/kube.ts';
import { describeError } from '../errors/codes.ts';
import { untilAborted } from '../time/abortable-delay.ts';
import { DiscoveryCache } from './discovery-cache.ts';
import type { RawObjectApi } from './raw-object-api.ts';
import type { RequestLimiter } from './request-limiter.ts';

/** Page size when a function does not choose one: large enough to be cheap, small enough to stream. */
export const DEFAULT_PAGE_SIZE = 500;

interface ListBody<T> {
  items?: T[];
  metadata?: { continue?: string };
}

/**
 * The {@link KubeClient} handed to gathering functions: the real client's object API behind the shared
 * request limiter, with the function's AbortSignal on every request.
 */
export class LimitedKubeClient implements KubeClient {
  readonly #api: RawObjectApi;
  readonly #limiter: RequestLimiter;
  readonly #signal: AbortSignal | undefined;
  readonly #discovery: DiscoveryCache;

  constructor(api: RawObjectApi, limiter: RequestLimiter, signal?: AbortSignal, discovery?: DiscoveryCache) {
    this.#api = api;
    this.#limiter = limiter;
    this.#signal = signal;
    this.#discovery = discovery ?? new DiscoveryCache(api);
  }

  /** The same client and limiter with an empty discovery cache: one per gather. */
  newSession(): LimitedKubeClient {
    return new LimitedKubeClient(this.#api, this.#limiter, this.#signal);
  }

  /** The same client, limiter and discovery cache, bound to another AbortSignal (one per function). */
  withSignal(signal: AbortSignal): LimitedKubeClient {
    return new LimitedKubeClient(this.#api, this.#limiter, signal, this.#discovery);
  }

  async discover(group: string, resourceOrKind: string): Promise<DiscoveredType | undefined> {
    // Cached per API group for the gather, so it is not counted against the request limiter.
    try {
      return await this.#discovery.find(group, resourceOrKind, this.#signal);
    } catch (error) {
      throw toKubeApiError({ apiVersion: group === '' ? 'v1' : group, kind: resourceOrKind }, error);
    }
  }

  async get<T extends KubeObject = KubeObject>(type: ResourceType, name: string, namespace?: string): Promise<T | undefined> {
    const path = await this.#resolve(type, namespace, name);
    if (path === undefined) return undefined;
    try {
      return await this.#call(type, () => this.#api.getJson<T>(path, {}, this.#signal));
    } catch (error) {
      if (error instanceof KubeApiError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  async *list<T extends KubeObject = KubeObject>(type: ResourceType, options: ListOptions = {}): AsyncGenerator<T> {
    const path = await this.#resolve(type, options.namespace);
    if (path === undefined) return;
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    let token: string | undefined;
    do {
      this.#signal?.throwIfAborted();
      const page = await this.#call(type, () =>
        this.#api.getJson<ListBody<T>>(
          path,
          {
            limit: Math.min(pageSize, remaining),
            continue: token,
            labelSelector: options.labelSelector,
            fieldSelector: options.fieldSelector,
          },
          this.#signal,
        ),
      );
      for (const item of page.items ?? []) {
        if (remaining <= 0) return;
        remaining -= 1;
        yield item;
      }
      token = page.metadata?.continue || undefined;
    } while (token !== undefined && remaining > 0);
  }

  async logs(namespace: string, pod: string, options: LogOptions = {}): Promise<string | undefined> {
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`;
    const type: ResourceType = { apiVersion: 'v1', kind: 'Pod' };
    try {
      return await this.#call(type, () => this.#api.getText(path, { ...options }, this.#signal));
    } catch (error) {
      // No such pod or container, or no previous instance: kube answers 404 or 400.
      if (error instanceof KubeApiError && (error.statusCode === 404 || error.statusCode === 400)) return undefined;
      throw error;
    }
  }

  async nodeLogs(node: string, options: NodeLogOptions): Promise<string | undefined> {
    // The trailing slash is the kubelet's: its log handler is mounted at `/logs/`.
    const path = `/api/v1/nodes/${encodeURIComponent(node)}/proxy/logs/`;
    const type: ResourceType = { apiVersion: 'v1', kind: 'Node' };
    try {
      return await this.#call(type, () => this.#api.getText(path, { query: options.query, tailLines: options.tailLines }, this.#signal));
    } catch (error) {
      // No such node: the API server answers 404 before proxying anything.
      if (error instanceof KubeApiError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  async serviceProxy(namespace: string, service: string, options: ServiceProxyOptions): Promise<string> {
    if (!options.path.startsWith('/')) throw new TypeError(`serviceProxy(): path ${JSON.stringify(options.path)} must start with "/"`);
    // `{name}:{port}` is one path segment; the API server resolves a numeric port to the Service's port.
    const target = `${encodeURIComponent(service)}:${encodeURIComponent(String(options.port))}`;
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${target}/proxy${options.path.split('/').map(encodeURIComponent).join('/')}`;
    return this.#call({ apiVersion: 'v1', kind: 'Service' }, () => this.#api.getText(path, { ...options.query }, this.#signal));
  }

  /**
   * The API path, or `undefined` when the cluster does not serve the kind (its CRD is not installed).
   * Discovery answers are cached by the client, so this is not counted against the limiter.
   */
  async #resolve(type: ResourceType, namespace?: string, name?: string): Promise<string | undefined> {
    try {
      // The client's discovery takes no signal: stop waiting for it when the function is cancelled.
      return await untilAborted(this.#api.pathFor(type.apiVersion, type.kind, namespace, name), this.#signal);
    } catch (error) {
      const mapped = toKubeApiError(type, error);
      if (mapped instanceof KubeApiError && mapped.statusCode === 404) return undefined;
      throw mapped;
    }
  }

  async #call<R>(type: ResourceType, request: () => Promise<R>): Promise<R> {
    await this.#limiter.acquire(this.#signal);
    try {
      return await request();
    } catch (error) {
      throw toKubeApiError(type, error);
    }
  }
}

function toKubeApiError(type: ResourceType, error: unknown): unknown {
  if (error instanceof KubeApiError) return error;
  if (error instanceof ApiException) {
    const status = parseStatus(error.body);
    // The server's own message when it sent a Status, as client-go reports it (and as the original's
    // gathers.json shows it: `nodes is forbidden: User "…" cannot list resource "nodes" …`).
    const message = status?.message ?? `${type.kind} (${type.apiVersion}): HTTP ${error.code}`;
    return new KubeApiError(message, error.code, status?.reason, { cause: error });
  }
  if (error instanceof Error && error.name === 'AbortError') return error;
  const cause = error instanceof Error && error.cause !== undefined ? `: ${describeError(error.cause)}` : '';
  return new KubeApiError(`${type.kind} (${type.apiVersion}): ${describeError(error)}${cause}`, 0, undefined, { cause: error });
}

/** The Status a failed API call answered with, when its body is one (a proxy's HTML page is not). */
export function parseStatus(body: unknown): { message?: string; reason?: string } | undefined {
  try {
    const parsed: unknown = typeof body === 'string' ? JSON.parse(body) : body;
    if (typeof parsed === 'object' && parsed !== null) return parsed as { message?: string; reason?: string };
  } catch {
    // A non-JSON body (a proxy's HTML page) carries no Status; the HTTP code still tells the story.
  }
  return undefined;
}
