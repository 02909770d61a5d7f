/**
 * Test helpers that write RBAC objects into a simulator's store, shaped as an operator's manifests
 * would declare them. With `startKubeSim({ rbac: true })` the grants take effect on the next request.
 */
import type { AuditRecord } from './access.ts';
import { parseServiceAccountUser } from './identity.ts';
import { ruleAllows } from './rbac.ts';
import type { PolicyRule, Subject } from './rbac.ts';
import type { KubeObject, ObjectStore } from './store.ts';

export type { PolicyRule, Subject } from './rbac.ts';

const RBAC = 'rbac.authorization.k8s.io';

/**
 * A subject from a user name: `system:serviceaccount:<ns>:<name>` becomes a ServiceAccount subject
 * (as manifests bind service accounts), anything else a User.
 */
export function subjectOf(subject: string | Subject): Subject {
  if (typeof subject !== 'string') return subject;
  const sa = parseServiceAccountUser(subject);
  return sa === undefined ? { kind: 'User', apiGroup: RBAC, name: subject } : { kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace };
}

const slug = (s: Subject): string => `${s.kind}-${s.namespace === undefined ? '' : `${s.namespace}-`}${s.name}`.toLowerCase().replace(/[^a-z0-9.-]+/g, '-');

let counter = 0;

export interface Grant { role: KubeObject; binding: KubeObject }

/**
 * Grants `rules` to `subject`: a ClusterRole and ClusterRoleBinding, or with `namespace` a Role and
 * RoleBinding there. A ServiceAccount subject's account is created when missing. `name` names both
 * objects (default: derived from the subject, unique per call).
 */
export function grantRules(
  store: ObjectStore,
  subject: string | Subject,
  rules: PolicyRule[],
  options: { namespace?: string; name?: string } = {},
): Grant {
  const s = subjectOf(subject);
  const name = options.name ?? `grant-${slug(s)}-${++counter}`;
  const ns = options.namespace;
  const meta = ns === undefined ? { name } : { name, namespace: ns };
  if (s.kind === 'ServiceAccount') {
    const saNamespace = s.namespace ?? ns;
    if (saNamespace === undefined) throw new TypeError('grantRules: a ServiceAccount subject needs a namespace');
    if (store.get('v1', 'ServiceAccount', s.name, saNamespace) === undefined) {
      store.add({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: s.name, namespace: saNamespace } });
    }
  }
  const role = store.add({ apiVersion: `${RBAC}/v1`, kind: ns === undefined ? 'ClusterRole' : 'Role', metadata: meta, rules });
  const binding = store.add({
    apiVersion: `${RBAC}/v1`, kind: ns === undefined ? 'ClusterRoleBinding' : 'RoleBinding', metadata: meta,
    roleRef: { apiGroup: RBAC, kind: role.kind, name },
    subjects: [s],
  });
  return { role, binding };
}

/**
 * Lets `caller` impersonate the service account user `serviceAccountUser` and nothing else: a Role in
 * the account's namespace with verb impersonate on serviceaccounts, resourceNames [its name] — what
 * kube checks when an Impersonate-User header names a `system:serviceaccount:` user.
 */
export function grantImpersonation(store: ObjectStore, caller: string | Subject, serviceAccountUser: string): Grant {
  const sa = parseServiceAccountUser(serviceAccountUser);
  if (sa === undefined) throw new TypeError(`grantImpersonation: not a service account user: ${serviceAccountUser}`);
  return grantRules(store, caller, [{ apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'], resourceNames: [sa.name] }], { namespace: sa.namespace });
}

/**
 * The rules no allowed request of `user` in `audit` (a simulator's `sim.audit`) needed: with the
 * rules of a role granted to `user` and the role's callers run, an empty result means the role is no
 * broader than what was used. A rule counts as used when it matches a request as granted, i.e. a
 * rule listing several verbs or resources counts once any of them was used; split rules to check
 * each verb/resource separately.
 */
export function unexercisedRules(rules: readonly PolicyRule[], audit: ReadonlyArray<AuditRecord>, user: string): PolicyRule[] {
  const used = audit.filter((r) => r.user === user && r.allowed);
  return rules.filter((rule) => !used.some((r) => ruleAllows(rule, r.info)));
}

/** One rule per verb × apiGroup × resource (resourceNames kept), so `unexercisedRules` checks each. */
export function splitRules(rules: readonly PolicyRule[]): PolicyRule[] {
  return rules.flatMap((rule) => {
    if ((rule.nonResourceURLs ?? []).length > 0) {
      return rule.verbs.flatMap((verb) => rule.nonResourceURLs!.map((url) => ({ verbs: [verb], nonResourceURLs: [url] })));
    }
    return rule.verbs.flatMap((verb) => (rule.apiGroups ?? []).flatMap((group) => (rule.resources ?? []).map((resource): PolicyRule => ({
      verbs: [verb], apiGroups: [group], resources: [resource], ...(rule.resourceNames === undefined ? {} : { resourceNames: rule.resourceNames }),
    }))));
  });
}
