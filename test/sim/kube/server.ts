/** The HTTPS front: authentication, routing of kube REST paths, and writing replies. */
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessControl } from './access.ts';
import { accessReview, isAccessReviewPath } from './access-review.ts';
import type { SimCerts } from './certs.ts';
import { apiGroupDocument, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery.ts';
import { aggregatedContentType, aggregatedDiscovery, aggregatedDiscoveryRequested } from './discovery-v2.ts';
import { withFaults } from './faults.ts';
import type { FaultInjector } from './faults.ts';
import { encodeObject, listObjects } from './list.ts';
import { podLogReply } from './logs.ts';
import type { PodLogs } from './logs.ts';
import { nodeProxyReply } from './node-logs.ts';
import { serviceProxyReply } from './service-proxy.ts';
import type { ServiceBackends } from './service-proxy.ts';
import type { ResourceRegistry } from './resource-types.ts';
import { methodNotAllowed, noSuchResource, notFound } from './status.ts';
import type { StatusBody } from './status.ts';
import type { ObjectStore } from './store.ts';
import { prepareWatch, WatchHub } from './watch.ts';
import { WriteHandler } from './writes.ts';

export interface RequestRecord { method: string; path: string; query: string; status: number }

export interface SimServerOptions {
  registry: ResourceRegistry;
  store: ObjectStore;
  /** Authentication (bearer tokens), impersonation and authorization: access.ts. */
  access: AccessControl;
  certs: SimCerts;
  onRequest: (record: RequestRecord) => void;
  /** Pod logs (PART C): logs.ts; node journals (`logs.nodes`): node-logs.ts. */
  logs?: PodLogs;
  /** Canned backends of Services, reached through the service proxy: service-proxy.ts. */
  services?: ServiceBackends;
  /** Fault injection (PART C): faults.ts. */
  faults?: FaultInjector;
  /** Open watches, so closing the simulator can end them cleanly; bookmark cadence. */
  watches?: WatchHub;
}

type Reply =
  | { status: number; json: unknown }
  | { status: number; raw: string }
  | { status: number; text: string }
  | { status: 200; chunks: Iterable<string> }
  /** Aggregated discovery: JSON with its own content type. */
  | { status: 200; json: unknown; contentType: string }
  /** A watch: the stream writes its own head and lasts until either side ends it. */
  | { status: 200; stream: (res: ServerResponse) => void };

const fail = (body: StatusBody): Reply => ({ status: body.code, json: body });

const internalError = (error: unknown): Reply =>
  ({ status: 500, json: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: String(error), reason: 'InternalError', code: 500 } });

export function createSimServer(options: SimServerOptions): Server {
  // withFaults (PART C): injected latency, errors and mangled bodies come before everything else.
  const server = createServer({ key: options.certs.keyPem, cert: options.certs.certPem }, withFaults(options, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://kube-sim');
    let reply: Reply | Promise<Reply>;
    try {
      // --- access (PART B): as kube-apiserver's filters, before routing, so a request the caller may
      // not make is 403 even for a path that does not exist. Access reviews are answered here.
      const access = options.access.check(req, url);
      reply = !access.ok
        ? fail(access.status)
        : isAccessReviewPath(url.pathname)
          ? accessReview(options.access.authorizer, access.user, req, url)
          // --- end access
          : route(options, url, req);
    } catch (error) {
      reply = internalError(error);
    }
    const finish = (done: Reply): void => {
      // Only now: a write reads its body first, and an unread body must not hold the connection.
      req.resume();
      options.onRequest({ method: req.method ?? '', path: url.pathname, query: url.search.slice(1), status: done.status });
      void send(res, done);
    };
    if (reply instanceof Promise) reply.then(finish, (error: unknown) => finish(internalError(error)));
    else finish(reply);
  }));
  return server;
}

const defaultWatches = new WatchHub();

function route(options: SimServerOptions, url: URL, req: IncomingMessage): Reply | Promise<Reply> {
  const { registry, store, logs } = options;
  let segments: string[];
  try {
    segments = url.pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  } catch {
    return fail(noSuchResource());
  }
  const method = req.method ?? 'GET';
  const reading = method === 'GET' || method === 'HEAD';
  // Legacy watch paths: /api/v1/watch/pods, /apis/{group}/{version}/watch/namespaces/{ns}/pods.
  const watchAt = segments[0] === 'api' ? 2 : 3;
  const legacyWatch = reading && segments[watchAt] === 'watch' && segments.length > watchAt + 1;
  if (legacyWatch) segments.splice(watchAt, 1);
  const [root, ...rest] = segments;
  if (!reading && (segments.length < 3 || (root === 'apis' && segments.length < 4))) return fail(methodNotAllowed());
  // kubectl and client-go ask for aggregated discovery first; others get the legacy documents.
  const aggregated = aggregatedDiscoveryRequested(req.headers.accept);
  if (segments.length === 1 && (root === 'api' || root === 'apis') && aggregated !== undefined) {
    return { status: 200, json: aggregatedDiscovery(registry, root === 'api', aggregated), contentType: aggregatedContentType(aggregated) };
  }
  if (segments.length === 1 && root === 'version') return { status: 200, json: versionInfo() };
  if (segments.length === 1 && (root === 'healthz' || root === 'readyz' || root === 'livez')) return { status: 200, text: 'ok' };
  if (segments.length === 1 && root === 'api') {
    const address = req.socket.localAddress ?? '127.0.0.1';
    return { status: 200, json: apiVersions(`${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}`) };
  }
  if (segments.length === 1 && root === 'apis') return { status: 200, json: apiGroupList(registry) };

  let group: string;
  let version: string;
  let path: string[];
  if (root === 'api' && rest[0] === 'v1') {
    [group, version, path] = ['', 'v1', rest.slice(1)];
  } else if (root === 'apis' && rest.length >= 2) {
    [group, version, path] = [rest[0]!, rest[1]!, rest.slice(2)];
  } else if (root === 'apis' && rest.length === 1) {
    const doc = apiGroupDocument(registry, rest[0]!);
    return doc === undefined ? fail(noSuchResource()) : { status: 200, json: doc };
  } else {
    // Includes /openapi/v2 and /openapi/v3: kubectl copes without them.
    return fail(noSuchResource());
  }
  if (path.length === 0) {
    const doc = apiResourceList(registry, group, version);
    return doc === undefined ? fail(noSuchResource()) : { status: 200, json: doc };
  }

  // [plural], [plural, name], [plural, name, sub], or the same under [namespaces, ns, ...].
  let namespace: string | undefined;
  let tail = path;
  if (path[0] === 'namespaces' && path.length >= 3 && registry.byPlural(group, version, path[2]!)?.namespaced === true) {
    namespace = path[1];
    tail = path.slice(2);
  }
  const [plural, name, subresource, ...extra] = tail;
  const type = registry.byPlural(group, version, plural!);
  // The node proxy (node-logs.ts): the kubelet's node log query, as the API server reaches it.
  if (type?.storageKey === '/Node' && subresource === 'proxy' && name !== undefined && namespace === undefined && logs !== undefined) {
    return reading ? nodeProxyReply(store, logs.nodes, name, extra, url.searchParams) : fail(methodNotAllowed());
  }
  // The service proxy (service-proxy.ts): a Service's backend, as the API server forwards to it.
  if (type?.storageKey === '/Service' && subresource === 'proxy' && name !== undefined && namespace !== undefined && options.services !== undefined) {
    return reading ? serviceProxyReply(store, options.services, namespace, name, extra) : fail(methodNotAllowed());
  }
  if (type === undefined || extra.length > 0) return fail(noSuchResource());
  // A namespaced object is only reachable through its namespace; cluster-scoped ones never through one.
  if (namespace !== undefined && !type.namespaced) return fail(noSuchResource());
  if (name !== undefined && type.namespaced && namespace === undefined) return fail(noSuchResource());
  // Pod logs (PART C): logs.ts.
  if (subresource === 'log' && type.storageKey === '/Pod' && name !== undefined && namespace !== undefined && logs !== undefined) {
    return reading ? podLogReply(store, logs, namespace, name, url.searchParams) : fail(methodNotAllowed());
  }
  if (subresource !== undefined && (subresource !== 'status' || !type.statusSubresource)) return fail(noSuchResource());
  // Create-only types (access reviews) are answered before routing; nothing else may be done to them.
  if (type.verbs !== undefined) return fail(methodNotAllowed());

  if (!reading) return new WriteHandler(store).handle(method, { type, namespace, name, subresource }, url.searchParams, req);

  const watch = url.searchParams.get('watch');
  if (legacyWatch || watch === 'true' || watch === '1') {
    if (subresource !== undefined) return fail(noSuchResource());
    const prepared = prepareWatch(options.watches ?? defaultWatches, store, type, namespace, name, url.searchParams);
    return prepared.ok ? { status: 200, stream: prepared.start } : fail(prepared.status);
  }

  if (name === undefined) {
    const outcome = listObjects(store, type, namespace, url.searchParams);
    return outcome.ok ? { status: 200, chunks: outcome.chunks } : { status: outcome.status.code, json: outcome.status };
  }
  const entry = store.entry(type, name, namespace);
  return entry === undefined ? fail(notFound(type.group, type.plural, name)) : { status: 200, raw: encodeObject(entry, type) };
}

async function send(res: ServerResponse, reply: Reply): Promise<void> {
  const headers = { 'cache-control': 'no-cache, private' };
  if ('stream' in reply) {
    reply.stream(res);
    return;
  }
  if ('chunks' in reply) {
    res.writeHead(200, { ...headers, 'content-type': 'application/json' });
    for (const chunk of reply.chunks) {
      if (res.destroyed) return;
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
    return;
  }
  const isText = 'text' in reply;
  const body = isText ? reply.text : 'raw' in reply ? reply.raw : JSON.stringify(reply.json);
  res.writeHead(reply.status, {
    ...headers,
    'content-type': isText ? 'text/plain; charset=utf-8' : 'contentType' in reply ? reply.contentType : 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Waits for the socket to take more, or to go away (a client that stops reading must not hang us). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
