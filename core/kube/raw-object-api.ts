import { ApiException, KubernetesObjectApi } from '@kubernetes/client-node';
import type { RequestContext } from '@kubernetes/client-node';
import type { KubernetesObject, ResponseContext } from '@kubernetes/client-node';

/** Marks a request whose 2xx body is returned as text, not JSON. */
const TEXT = 'text/plain';

/**
 * The client's generic object API, returning objects exactly as the server sent them.
 *
 * The stock `KubernetesObjectApi` deserialises known kinds into its model classes, which turns
 * timestamps into `Date`s (re-serialised with milliseconds) and drops fields its models do not know.
 * Archives must hold what the cluster holds, so this subclass keeps the client's discovery, auth, TLS,
 * impersonation and middleware, and only skips the model conversion of 2xx bodies.
 */
export class RawObjectApi extends KubernetesObjectApi {
  /**
   * The API path of a resource, resolved through the client's cached discovery; `undefined` when the
   * cluster does not serve that kind.
   */
  async pathFor(apiVersion: string, kind: string, namespace?: string, name?: string): Promise<string | undefined> {
    const resource = await this.resource(apiVersion, kind);
    if (resource === undefined) return undefined;
    return this.specUriPath(
      { apiVersion, kind, metadata: { ...(namespace === undefined ? {} : { namespace }), ...(name === undefined ? {} : { name }) } },
      name === undefined ? 'list' : 'read',
    );
  }

  /** GET `path` with query parameters, as raw JSON. Throws the client's `ApiException` on non-2xx. */
  async getJson<T>(path: string, query: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<T> {
    const context: RequestContext = this.configuration.baseServer.makeRequestContext(path, 'GET' as never);
    context.setHeaderParam('Accept', 'application/json');
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) context.setQueryParam(key, String(value));
    }
    if (signal !== undefined) context.setSignal(signal as never);
    return (await this.requestPromise(context as never)) as T;
  }

  /** GET `path` as text (pod logs, node logs). Throws the client's `ApiException` on non-2xx. */
  async getText(path: string, query: Record<string, string | number | boolean | undefined>, signal?: AbortSignal): Promise<string> {
    const context: RequestContext = this.configuration.baseServer.makeRequestContext(path, 'GET' as never);
    context.setHeaderParam('Accept', 'text/plain, */*');
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) context.setQueryParam(key, String(value));
    }
    if (signal !== undefined) context.setSignal(signal as never);
    return (await this.requestPromise(context as never, TEXT)) as unknown as string;
  }

  protected override async processResponse<T extends KubernetesObject>(response: ResponseContext, type?: string): Promise<T> {
    // Discovery responses feed the client's own resource cache, which expects its model classes.
    if (type !== undefined && type !== TEXT) return super.processResponse(response, type);
    const text = await response.body.text();
    if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) {
      return (type === TEXT ? text : JSON.parse(text)) as T;
    }
    throw new ApiException(response.httpStatusCode, 'Unsuccessful HTTP Request', text, response.headers);
  }
}
