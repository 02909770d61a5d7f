/** The HTTPS front: authentication, routing of kube REST paths, and writing replies. */
import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimCerts } from './certs.ts';
import { apiGroupDocument, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery.ts';
import { encodeObject, listObjects } from './list.ts';
import type { ResourceRegistry } from './resource-types.ts';
import { methodNotAllowed, noSuchResource, notFound, unauthorized } from './status.ts';
import type { StatusBody } from './status.ts';
import type { ObjectStore } from './store.ts';

export interface RequestRecord { method: string; path: string; query: string; status: number }

export interface SimServerOptions {
  registry: ResourceRegistry;
  store: ObjectStore;
  token: string;
  certs: SimCerts;
  onRequest: (record: RequestRecord) => void;
}

type Reply =
  | { status: number; json: unknown }
  | { status: number; raw: string }
  | { status: number; text: string }
  | { status: 200; chunks: Iterable<string> };

const fail = (body: StatusBody): Reply => ({ status: body.code, json: body });

export function createSimServer(options: SimServerOptions): Server {
  const expected = Buffer.from(`Bearer ${options.token}`);
  const authorized = (header: string | undefined): boolean => {
    const given = Buffer.from(header ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const server = createServer({ key: options.certs.keyPem, cert: options.certs.certPem }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://kube-sim');
    let reply: Reply;
    try {
      reply = !authorized(req.headers.authorization)
        ? fail(unauthorized())
        : req.method !== 'GET'
          ? fail(methodNotAllowed())
          : route(options, url, req);
    } catch (error) {
      reply = { status: 500, json: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: String(error), reason: 'InternalError', code: 500 } };
    }
    req.resume();
    options.onRequest({ method: req.method ?? '', path: url.pathname, query: url.search.slice(1), status: reply.status });
    void send(res, reply);
  });
  return server;
}

function route({ registry, store }: SimServerOptions, url: URL, req: IncomingMessage): Reply {
  let segments: string[];
  try {
    segments = url.pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  } catch {
    return fail(noSuchResource());
  }
  const [root, ...rest] = segments;
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
  if (type === undefined || extra.length > 0) return fail(noSuchResource());
  // A namespaced object is only reachable through its namespace; cluster-scoped ones never through one.
  if (namespace !== undefined && !type.namespaced) return fail(noSuchResource());
  if (name !== undefined && type.namespaced && namespace === undefined) return fail(noSuchResource());
  if (subresource !== undefined && subresource !== 'status') return fail(noSuchResource());

  const watch = url.searchParams.get('watch');
  if (watch === 'true' || watch === '1') return fail(methodNotAllowed());

  if (name === undefined) {
    const outcome = listObjects(store, type, namespace, url.searchParams);
    return outcome.ok ? { status: 200, chunks: outcome.chunks } : fail(outcome.status);
  }
  const entry = store.entry(type, name, namespace);
  return entry === undefined ? fail(notFound(type.group, type.plural, name)) : { status: 200, raw: encodeObject(entry, type) };
}

async function send(res: ServerResponse, reply: Reply): Promise<void> {
  const headers = { 'cache-control': 'no-cache, private' };
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
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
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
