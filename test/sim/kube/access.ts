/**
 * The front door, in kube-apiserver's filter order: authentication (bearer token), impersonation,
 * authorization. server.ts asks `check` once per request before routing it.
 */
import type { IncomingMessage } from 'node:http';
import { ADMIN, TokenAuthenticator, serviceAccountIdentity } from './identity.ts';
import type { Identity } from './identity.ts';
import { impersonate } from './impersonation.ts';
import { RbacAuthorizer, alwaysAllow } from './rbac.ts';
import type { Authorizer } from './rbac.ts';
import { forbidden, requestInfo } from './request-info.ts';
import type { RequestInfo } from './request-info.ts';
import { unauthorized } from './status.ts';
import type { StatusBody } from './status.ts';
import type { ObjectStore } from './store.ts';

/** One authorization decision on a request, as kube's audit log would record it. */
export interface AuditRecord {
  /** The user the request was evaluated as (the impersonated one, when impersonating). */
  readonly user: string;
  readonly groups: readonly string[];
  /** The authenticated caller, when it impersonated `user`. */
  readonly impersonatedBy?: string;
  readonly info: RequestInfo;
  readonly allowed: boolean;
  readonly reason: string;
}

const MAX_AUDIT = 10_000;

export type AccessResult =
  | { ok: true; user: Identity; info: RequestInfo }
  | { ok: false; status: StatusBody };

export class AccessControl {
  readonly tokens = new TokenAuthenticator();
  readonly authorizer: Authorizer;
  /** The last 10,000 decisions on authenticated requests, oldest first. */
  readonly audit: AuditRecord[] = [];
  readonly #store: ObjectStore;

  /** `adminToken` authenticates as kubernetes-admin (system:masters). */
  constructor(store: ObjectStore, adminToken: string, options: { rbac: boolean }) {
    this.#store = store;
    this.authorizer = options.rbac ? new RbacAuthorizer(store) : alwaysAllow;
    this.tokens.add(adminToken, ADMIN);
  }

  check(req: IncomingMessage, url: URL): AccessResult {
    const caller = this.tokens.authenticate(req.headers.authorization);
    if (caller === undefined) return { ok: false, status: unauthorized() };
    const acting = impersonate(caller, req, this.authorizer);
    if (!acting.ok) return acting;
    const user = acting.identity;
    const info = requestInfo(req.method ?? 'GET', url);
    const decision = this.authorizer.authorize(user, info);
    this.audit.push({
      user: user.user, groups: user.groups, ...(user === caller ? {} : { impersonatedBy: caller.user }),
      info, allowed: decision.allowed, reason: decision.reason,
    });
    if (this.audit.length > MAX_AUDIT) this.audit.splice(0, this.audit.length - MAX_AUDIT);
    return decision.allowed ? { ok: true, user, info } : { ok: false, status: forbidden(user, info, decision.reason) };
  }

  /**
   * A token for `system:serviceaccount:<namespace>:<name>`. The ServiceAccount object is created when
   * missing, since on a cluster a token implies its account exists.
   */
  serviceAccountToken(namespace: string, name: string): string {
    if (this.#store.get('v1', 'ServiceAccount', name, namespace) === undefined) {
      this.#store.add({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });
    }
    return this.tokens.mint(serviceAccountIdentity(namespace, name));
  }
}
