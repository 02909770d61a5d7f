/** Who a request is from: bearer tokens → user info, as kube-apiserver's token authenticators give it. */
import { createHash, randomBytes } from 'node:crypto';

/** kube's user.Info. */
export interface Identity {
  readonly user: string;
  readonly groups: readonly string[];
  readonly uid?: string;
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

export const AUTHENTICATED = 'system:authenticated';
export const UNAUTHENTICATED = 'system:unauthenticated';
/** Bypasses authorization, as kube's privileged-group authorizer lets it. */
export const MASTERS = 'system:masters';

/** What `kubeadm` and `oc login -u system:admin` kubeconfigs authenticate as. */
export const ADMIN: Identity = { user: 'kubernetes-admin', groups: [MASTERS, AUTHENTICATED] };

const SA_PREFIX = 'system:serviceaccount:';

export function serviceAccountUser(namespace: string, name: string): string {
  return `${SA_PREFIX}${namespace}:${name}`;
}

/** The namespace and name of a `system:serviceaccount:<ns>:<name>` user, as serviceaccount.SplitUsername. */
export function parseServiceAccountUser(user: string): { namespace: string; name: string } | undefined {
  if (!user.startsWith(SA_PREFIX)) return undefined;
  const parts = user.slice(SA_PREFIX.length).split(':');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return undefined;
  return { namespace: parts[0]!, name: parts[1]! };
}

/** serviceaccount.MakeGroupNames: the groups every service account of a namespace is in. */
export function serviceAccountGroups(namespace: string): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`];
}

export function serviceAccountIdentity(namespace: string, name: string): Identity {
  return { user: serviceAccountUser(namespace, name), groups: [...serviceAccountGroups(namespace), AUTHENTICATED] };
}

/** Tokens are looked up by digest, so no comparison runs over the secret itself. */
const digest = (token: string): string => createHash('sha256').update(token).digest('base64url');

export class TokenAuthenticator {
  readonly #byDigest = new Map<string, Identity>();

  /**
   * Accepts `token` as `identity`. `system:authenticated` is added when missing, as kube's
   * authenticator chain adds it to every authenticated user.
   */
  add(token: string, identity: { user: string; groups?: readonly string[]; uid?: string }): void {
    if (token === '' || /\s/.test(token)) throw new TypeError('kube-sim: a token must be non-empty and contain no whitespace');
    if (identity.user === '') throw new TypeError('kube-sim: an identity needs a user name');
    const groups = [...(identity.groups ?? [])];
    if (!groups.includes(AUTHENTICATED)) groups.push(AUTHENTICATED);
    this.#byDigest.set(digest(token), { user: identity.user, groups, ...(identity.uid === undefined ? {} : { uid: identity.uid }) });
  }

  /** A fresh random token for `identity`. */
  mint(identity: { user: string; groups?: readonly string[]; uid?: string }): string {
    const token = randomBytes(24).toString('base64url');
    this.add(token, identity);
    return token;
  }

  /** The identity behind an `Authorization: Bearer …` header, or undefined (→ 401). */
  authenticate(header: string | undefined): Identity | undefined {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    return m === null ? undefined : this.#byDigest.get(digest(m[1]!));
  }
}
