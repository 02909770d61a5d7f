/**
 * Authorization attributes of a request, derived from its method and URL as kube-apiserver's
 * RequestInfoFactory derives them, and the 403 Status kube words from them.
 */
import type { Identity } from './identity.ts';
import { failure } from './status.ts';
import type { StatusBody } from './status.ts';

export interface RequestInfo {
  /** false for /version, /healthz, discovery documents, /openapi/… */
  readonly resourceRequest: boolean;
  readonly path: string;
  /** get list watch create update patch delete deletecollection; the lowercased method for non-resource paths. */
  readonly verb: string;
  readonly apiGroup: string;
  readonly apiVersion: string;
  readonly resource: string;
  readonly subresource: string;
  /** '' when cluster-scoped, or across all namespaces. */
  readonly namespace: string;
  readonly name: string;
}

/** `namespaces/<ns>/status` and `/finalize` are subresources of the namespace, not resources in it. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function nonResourceInfo(path: string, verb: string): RequestInfo {
  return { resourceRequest: false, path, verb, apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '' };
}

export function requestInfo(method: string, url: URL): RequestInfo {
  const path = url.pathname;
  let parts: string[];
  try {
    parts = path.split('/').filter((s) => s !== '').map(decodeURIComponent);
  } catch {
    return nonResourceInfo(path, method.toLowerCase());
  }
  // /api/v1/… and /apis/<group>/<version>/…; anything shorter is discovery or another non-resource path.
  const prefix = parts[0];
  if (parts.length < 3 || (prefix !== 'api' && prefix !== 'apis') || (prefix === 'apis' && parts.length < 4)) {
    return nonResourceInfo(path, method.toLowerCase());
  }
  let rest = parts.slice(1);
  let apiGroup = '';
  if (prefix === 'apis') [apiGroup, ...rest] = rest as [string, ...string[]];
  const [apiVersion, ...tail] = rest as [string, ...string[]];
  rest = tail;

  let verb: string;
  if (rest[0] === 'watch' || rest[0] === 'proxy') {
    // Legacy /watch/… and /proxy/… paths carry their verb in the path.
    verb = rest[0];
    rest = rest.slice(1);
  } else {
    verb = ({ POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as Record<string, string>)[method] ?? '';
  }

  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1]!;
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2);
  }
  const resource = rest[0] ?? '';
  let name = rest[1] ?? '';
  const subresource = rest.length >= 3 && verb !== 'proxy' ? rest[2]! : '';

  if (name === '' && verb === 'get') {
    const watch = url.searchParams.get('watch');
    verb = watch === 'true' || watch === '1' ? 'watch' : 'list';
    // A list narrowed to one name by fieldSelector is authorized as that name (resourceNames rules apply).
    for (const term of (url.searchParams.get('fieldSelector') ?? '').split(',')) {
      const byName = /^\s*metadata\.name\s*==?\s*([^\s/%]+)\s*$/.exec(term);
      if (byName !== null && byName[1] !== '.' && byName[1] !== '..') name = byName[1]!;
    }
  }
  if (name === '' && verb === 'delete') verb = 'deletecollection';
  return { resourceRequest: true, path, verb, apiGroup, apiVersion, resource, subresource, namespace, name };
}

/**
 * The 403 kube-apiserver returns (responsewriters.Forbidden + apierrors.NewForbidden):
 * `pods is forbidden: User "u" cannot list resource "pods" in API group "" in the namespace "x"`.
 * `reason` is the authorizer's, appended after a colon when there is one.
 */
export function forbidden(user: Identity, info: RequestInfo, reason = ''): StatusBody {
  let message: string;
  if (!info.resourceRequest) {
    message = `User "${user.user}" cannot ${info.verb} path "${info.path}"`;
  } else {
    const resource = info.subresource === '' ? info.resource : `${info.resource}/${info.subresource}`;
    const scope = info.namespace === '' ? 'at the cluster scope' : `in the namespace "${info.namespace}"`;
    message = `User "${user.user}" cannot ${info.verb} resource "${resource}" in API group "${info.apiGroup}" ${scope}`;
  }
  if (reason !== '') message = `${message}: ${reason}`;
  const qualified = info.resource === '' ? '' : info.apiGroup === '' ? info.resource : `${info.resource}.${info.apiGroup}`;
  const full = qualified === '' ? `forbidden: ${message}`
    : info.name === '' ? `${qualified} is forbidden: ${message}`
      : `${qualified} "${info.name}" is forbidden: ${message}`;
  const details = {
    ...(info.name === '' ? {} : { name: info.name }),
    ...(info.apiGroup === '' ? {} : { group: info.apiGroup }),
    ...(info.resource === '' ? {} : { kind: info.resource }),
  };
  return failure(403, 'Forbidden', full, details);
}
