/**
 * The API server's service proxy, `GET /api/v1/namespaces/{ns}/services/[{scheme}:]{name}[:{port}]/proxy/{path}`,
 * over canned backends: no pods run behind the simulator's Services, so a test says what a Service's
 * backend answers on a port and path (`sim.services.set(...)`), and the proxy checks what kube-apiserver
 * checks before forwarding: the Service exists (404), the port is one of its ports (503), something
 * serves it (503, as a Service without ready endpoints). Authorization (`get` on `services/proxy`) is
 * the front door's, as for every request.
 */
import { failure, notFound } from './status.ts';
import type { StatusBody } from './status.ts';
import type { KubeObject, ObjectStore } from './store.ts';

/** What a backend answers: a body (status 200), or a status and a body. */
export type BackendAnswer = string | { readonly status: number; readonly body: string };

export class ServiceBackends {
  readonly #answers = new Map<string, BackendAnswer>();

  /**
   * What the backend of `namespace/service` answers on the Service port numbered `port` for `path`
   * (starting with `/`, query excluded).
   */
  set(namespace: string, service: string, port: number, path: string, answer: BackendAnswer): void {
    this.#answers.set(key(namespace, service, port, path), answer);
  }

  get(namespace: string, service: string, port: number, path: string): BackendAnswer | undefined {
    return this.#answers.get(key(namespace, service, port, path));
  }

  /** Whether anything serves that Service port (any path). */
  serves(namespace: string, service: string, port: number): boolean {
    const prefix = key(namespace, service, port, '');
    for (const k of this.#answers.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }

  delete(namespace: string, service: string, port: number, path: string): boolean {
    return this.#answers.delete(key(namespace, service, port, path));
  }

  clear(): void {
    this.#answers.clear();
  }

  get size(): number {
    return this.#answers.size;
  }
}

const key = (namespace: string, service: string, port: number, path: string): string => `${namespace}/${service}/${port}\u0000${path}`;

export type ServiceProxyReply = { status: number; text: string } | { status: number; json: StatusBody };

interface ServicePort { name?: string; port?: number }

const unavailable = (message: string): ServiceProxyReply => ({ status: 503, json: failure(503, 'ServiceUnavailable', message) });

/**
 * The reply to a service proxy request. `target` is the path segment after `services/` (kube's
 * `[scheme:]name[:port]`), `path` the segments after `proxy`.
 */
export function serviceProxyReply(store: ObjectStore, backends: ServiceBackends, namespace: string, target: string, path: readonly string[]): ServiceProxyReply {
  const parts = target.split(':');
  // kube's SplitSchemeNamePort: "name", "name:port", "scheme:name:port".
  const [name, portText] = parts.length === 3 ? [parts[1]!, parts[2]!] : [parts[0]!, parts[1] ?? ''];
  const service = store.get('v1', 'Service', name, namespace) as (KubeObject & { spec?: { ports?: ServicePort[] } }) | undefined;
  if (service === undefined) return { status: 404, json: notFound('', 'services', name) };
  const ports = service.spec?.ports ?? [];
  let port: ServicePort | undefined;
  if (portText === '') port = ports.length === 1 ? ports[0] : undefined;
  else if (/^\d+$/.test(portText)) {
    port = ports.find((p) => p.port === Number(portText));
    if (port === undefined) return unavailable(`no service port ${portText} found for service "${name}"`);
  } else port = ports.find((p) => p.name === portText);
  if (port?.port === undefined || !backends.serves(namespace, name, port.port)) return unavailable(`no endpoints available for service "${target}"`);
  const answer = backends.get(namespace, name, port.port, `/${path.join('/')}`);
  // The backend is there but serves nothing at that path: its own 404 (Go's http.NotFound).
  if (answer === undefined) return { status: 404, text: '404 page not found\n' };
  return typeof answer === 'string' ? { status: 200, text: answer } : { status: answer.status, text: answer.body };
}
