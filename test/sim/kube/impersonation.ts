/**
 * Impersonate-User / -Group / -Uid / -Extra-* headers, as kube-apiserver's impersonation filter
 * handles them: each thing impersonated is authorized for the caller (verb `impersonate`) before the
 * request proceeds as the impersonated user.
 */
import type { IncomingMessage } from 'node:http';
import type { Identity } from './identity.ts';
import { AUTHENTICATED, UNAUTHENTICATED, parseServiceAccountUser, serviceAccountGroups } from './identity.ts';
import type { Authorizer } from './rbac.ts';
import type { RequestInfo } from './request-info.ts';
import { forbidden } from './request-info.ts';
import { badRequest } from './status.ts';
import type { StatusBody } from './status.ts';

const EXTRA_PREFIX = 'impersonate-extra-';
const ANONYMOUS = 'system:anonymous';

export type Impersonation = { ok: true; identity: Identity } | { ok: false; status: StatusBody };

function impersonateAttributes(resource: string, name: string, opts: { apiGroup?: string; namespace?: string; subresource?: string } = {}): RequestInfo {
  return {
    resourceRequest: true, path: '', verb: 'impersonate',
    apiGroup: opts.apiGroup ?? '', apiVersion: 'v1',
    resource, subresource: opts.subresource ?? '', namespace: opts.namespace ?? '', name,
  };
}

/** The caller unchanged when no impersonation header is present. */
export function impersonate(caller: Identity, req: IncomingMessage, authorizer: Authorizer): Impersonation {
  const headers = req.headersDistinct;
  const user = headers['impersonate-user']?.[0] ?? '';
  const groupHeaders = headers['impersonate-group'] ?? [];
  const uid = headers['impersonate-uid']?.[0] ?? '';
  const extraHeaders = Object.entries(headers).filter(([h]) => h.startsWith(EXTRA_PREFIX));
  if (user === '') {
    if (groupHeaders.length > 0 || extraHeaders.length > 0 || uid !== '') {
      return { ok: false, status: badRequest('requested impersonation of groups, extra or uid without impersonating a user') };
    }
    return { ok: true, identity: caller };
  }

  // One authorization check per thing impersonated, in kube's order: user, groups, extras, uid.
  const checks: RequestInfo[] = [];
  const sa = parseServiceAccountUser(user);
  let groups: string[] = [];
  if (sa !== undefined) {
    checks.push(impersonateAttributes('serviceaccounts', sa.name, { namespace: sa.namespace }));
    if (groupHeaders.length === 0) groups = serviceAccountGroups(sa.namespace);
  } else {
    checks.push(impersonateAttributes('users', user));
  }
  for (const g of groupHeaders) {
    checks.push(impersonateAttributes('groups', g));
    groups.push(g);
  }
  const extra: Record<string, string[]> = {};
  for (const [header, values = []] of extraHeaders) {
    let key = header.slice(EXTRA_PREFIX.length);
    try {
      key = decodeURIComponent(key);
    } catch { /* kept as sent, as kube keeps malformed keys */ }
    for (const value of values) {
      checks.push(impersonateAttributes('userextras', value, { apiGroup: 'authentication.k8s.io', subresource: key }));
      (extra[key] ??= []).push(value);
    }
  }
  if (uid !== '') checks.push(impersonateAttributes('uids', uid, { apiGroup: 'authentication.k8s.io' }));

  for (const attrs of checks) {
    const decision = authorizer.authorize(caller, attrs);
    if (!decision.allowed) return { ok: false, status: forbidden(caller, attrs, decision.reason) };
  }

  if (user !== ANONYMOUS) {
    if (!groups.includes(AUTHENTICATED) && !groups.includes(UNAUTHENTICATED)) groups.push(AUTHENTICATED);
  } else if (!groups.includes(UNAUTHENTICATED)) {
    groups.push(UNAUTHENTICATED);
  }
  return {
    ok: true,
    identity: { user, groups, ...(uid === '' ? {} : { uid }), ...(Object.keys(extra).length === 0 ? {} : { extra }) },
  };
}
