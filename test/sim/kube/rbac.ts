/**
 * Authorization: system:masters bypass, then RBAC over the rbac.authorization.k8s.io/v1 objects in
 * the store, with the semantics of kube's pkg/registry/rbac/validation rule resolver.
 */
import type { Identity } from './identity.ts';
import { MASTERS, parseServiceAccountUser } from './identity.ts';
import type { RequestInfo } from './request-info.ts';
import type { ObjectStore, StoredEntry } from './store.ts';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
export interface Subject { kind: string; name: string; namespace?: string; apiGroup?: string }
interface RoleRef { kind: string; name: string }
interface Binding { kind: 'ClusterRoleBinding' | 'RoleBinding'; name: string; namespace: string; roleRef: RoleRef; subjects: Subject[] }
interface LabelSelector { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> }
interface ClusterRole { name: string; labels: Record<string, string>; rules: PolicyRule[]; selectors?: LabelSelector[] }

export interface Decision {
  allowed: boolean;
  /** `RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to User "z"`, or why evaluation failed. */
  reason: string;
}

/** What a SelfSubjectRulesReview reports. */
export interface SubjectRules {
  resourceRules: Array<{ verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames?: string[] }>;
  nonResourceRules: Array<{ verbs: string[]; nonResourceURLs: string[] }>;
  incomplete: boolean;
  evaluationError?: string;
}

export interface Authorizer {
  authorize(user: Identity, info: RequestInfo): Decision;
  rulesFor(user: Identity, namespace: string): SubjectRules;
}

const RBAC = 'rbac.authorization.k8s.io/v1';
const KINDS = ['ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding'] as const;

/** Authorization when RBAC is off: everything, as `--authorization-mode=AlwaysAllow`. */
export const alwaysAllow: Authorizer = {
  authorize: () => ({ allowed: true, reason: '' }),
  rulesFor: () => ({
    resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
    nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
    incomplete: false,
  }),
};

const has = (list: readonly string[] | undefined, value: string): boolean => list !== undefined && (list.includes('*') || list.includes(value));

export function ruleAllows(rule: PolicyRule, info: RequestInfo): boolean {
  if (!has(rule.verbs, info.verb)) return false;
  if (!info.resourceRequest) {
    return (rule.nonResourceURLs ?? []).some((u) => u === '*' || u === info.path || (u.endsWith('*') && info.path.startsWith(u.replace(/\*+$/, ''))));
  }
  if (!has(rule.apiGroups, info.apiGroup)) return false;
  const combined = info.subresource === '' ? info.resource : `${info.resource}/${info.subresource}`;
  const resourceOk = (rule.resources ?? []).some((r) => r === '*' || r === combined || (info.subresource !== '' && r === `*/${info.subresource}`));
  if (!resourceOk) return false;
  return rule.resourceNames === undefined || rule.resourceNames.length === 0 || rule.resourceNames.includes(info.name);
}

function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(labels, key);
    const ok = operator === 'In' ? present && values.includes(labels[key]!)
      : operator === 'NotIn' ? !present || !values.includes(labels[key]!)
        : operator === 'Exists' ? present
          : operator === 'DoesNotExist' ? !present : false;
    if (!ok) return false;
  }
  return true;
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  return s.kind === 'ServiceAccount' ? `${s.kind} "${s.name}/${s.namespace || bindingNamespace}"` : `${s.kind} "${s.name}"`;
}

/** rbac validation's appliesToUser. */
function appliesTo(user: Identity, s: Subject, namespace: string): boolean {
  switch (s.kind) {
    case 'User': return s.name === user.user;
    case 'Group': return user.groups.includes(s.name);
    case 'ServiceAccount': {
      const sa = parseServiceAccountUser(user.user);
      const ns = s.namespace || namespace;
      return ns !== '' && sa?.namespace === ns && sa.name === s.name;
    }
    default: return false;
  }
}

/** The RBAC objects of one store state, parsed once. */
class RbacIndex {
  readonly clusterRoles = new Map<string, ClusterRole>();
  readonly roles = new Map<string, PolicyRule[]>();
  readonly clusterRoleBindings: Binding[] = [];
  readonly roleBindings = new Map<string, Binding[]>();
  readonly #aggregated = new Map<string, PolicyRule[]>();

  constructor(entries: ReadonlyArray<readonly StoredEntry[]>) {
    const [clusterRoles = [], roles = [], crbs = [], rbs = []] = entries;
    for (const e of clusterRoles) {
      const o = JSON.parse(e.body) as { rules?: PolicyRule[]; aggregationRule?: { clusterRoleSelectors?: LabelSelector[] } };
      const selectors = o.aggregationRule?.clusterRoleSelectors;
      this.clusterRoles.set(e.name, { name: e.name, labels: { ...e.labels }, rules: o.rules ?? [], ...(selectors === undefined ? {} : { selectors }) });
    }
    for (const e of roles) this.roles.set(e.key, (JSON.parse(e.body) as { rules?: PolicyRule[] }).rules ?? []);
    for (const [list, kind] of [[crbs, 'ClusterRoleBinding'], [rbs, 'RoleBinding']] as const) {
      for (const e of list) {
        const o = JSON.parse(e.body) as { roleRef?: RoleRef; subjects?: Subject[] };
        if (o.roleRef === undefined) continue;
        const binding: Binding = { kind, name: e.name, namespace: e.namespace ?? '', roleRef: o.roleRef, subjects: o.subjects ?? [] };
        if (kind === 'ClusterRoleBinding') this.clusterRoleBindings.push(binding);
        else {
          const inNs = this.roleBindings.get(binding.namespace) ?? [];
          inNs.push(binding);
          this.roleBindings.set(binding.namespace, inNs);
        }
      }
    }
  }

  /**
   * A ClusterRole's rules. An aggregated role's rules are those of the roles its selectors match, as
   * the aggregation controller would have written them; aggregation chains are followed.
   */
  clusterRoleRules(name: string, seen = new Set<string>()): PolicyRule[] | undefined {
    const role = this.clusterRoles.get(name);
    if (role === undefined) return undefined;
    if (role.selectors === undefined) return role.rules;
    const cached = this.#aggregated.get(name);
    if (cached !== undefined) return cached;
    seen.add(name);
    const rules: PolicyRule[] = [];
    for (const other of this.clusterRoles.values()) {
      if (seen.has(other.name) || !role.selectors.some((s) => selectorMatches(s, other.labels))) continue;
      rules.push(...(this.clusterRoleRules(other.name, seen) ?? []));
    }
    this.#aggregated.set(name, rules);
    return rules;
  }

  /** Calls `visit` with every rule granted to `user` in `namespace` ('' = cluster scope only) until it returns false. */
  visitRules(user: Identity, namespace: string, visit: (source: string, rule: PolicyRule) => boolean, errors: string[]): void {
    const bindings = [...this.clusterRoleBindings, ...(namespace === '' ? [] : this.roleBindings.get(namespace) ?? [])];
    for (const b of bindings) {
      const subject = b.subjects.find((s) => appliesTo(user, s, b.namespace));
      if (subject === undefined) continue;
      let rules: PolicyRule[] | undefined;
      if (b.roleRef.kind === 'ClusterRole') {
        rules = this.clusterRoleRules(b.roleRef.name);
        if (rules === undefined) errors.push(`clusterrole.rbac.authorization.k8s.io "${b.roleRef.name}" not found`);
      } else if (b.roleRef.kind === 'Role' && b.kind === 'RoleBinding') {
        rules = this.roles.get(`${b.namespace}/${b.roleRef.name}`);
        if (rules === undefined) errors.push(`role.rbac.authorization.k8s.io "${b.roleRef.name}" not found`);
      } else {
        errors.push(`unsupported role reference kind: "${b.roleRef.kind}"`);
      }
      const source = `${b.kind} "${b.kind === 'RoleBinding' ? `${b.name}/${b.namespace}` : b.name}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${describeSubject(subject, b.namespace)}`;
      for (const rule of rules ?? []) if (!visit(source, rule)) return;
    }
  }
}

/** Go's utilerrors.NewAggregate(...).Error(). */
function aggregate(errors: string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

export class RbacAuthorizer implements Authorizer {
  readonly #store: ObjectStore;
  #index: RbacIndex | undefined;
  #entries: ReadonlyArray<readonly StoredEntry[]> = [];

  constructor(store: ObjectStore) {
    this.#store = store;
  }

  authorize(user: Identity, info: RequestInfo): Decision {
    if (user.groups.includes(MASTERS)) return { allowed: true, reason: '' };
    const errors: string[] = [];
    let allowedBy: string | undefined;
    this.#current().visitRules(user, info.namespace, (source, rule) => {
      if (!ruleAllows(rule, info)) return true;
      allowedBy = source;
      return false;
    }, errors);
    if (allowedBy !== undefined) return { allowed: true, reason: `RBAC: allowed by ${allowedBy}` };
    return { allowed: false, reason: errors.length === 0 ? '' : `RBAC: ${aggregate(errors)}` };
  }

  rulesFor(user: Identity, namespace: string): SubjectRules {
    const out: SubjectRules = { resourceRules: [], nonResourceRules: [], incomplete: false };
    const errors: string[] = [];
    this.#current().visitRules(user, namespace, (_source, rule) => {
      if ((rule.resources ?? []).length > 0) {
        out.resourceRules.push({
          verbs: rule.verbs, apiGroups: rule.apiGroups ?? [], resources: rule.resources ?? [],
          ...((rule.resourceNames ?? []).length > 0 ? { resourceNames: rule.resourceNames! } : {}),
        });
      }
      if ((rule.nonResourceURLs ?? []).length > 0) out.nonResourceRules.push({ verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs! });
      return true;
    }, errors);
    if (errors.length > 0) Object.assign(out, { incomplete: true, evaluationError: aggregate(errors) });
    return out;
  }

  /** Re-parsed only when an RBAC object was added, replaced or removed (stored entries are immutable). */
  #current(): RbacIndex {
    const entries = KINDS.map((kind) => {
      const type = this.#store.registry.byKind(RBAC, kind);
      return type === undefined ? [] : this.#store.sortedEntries(type);
    });
    const same = this.#index !== undefined && entries.every((list, i) => {
      const before = this.#entries[i]!;
      return list.length === before.length && list.every((e, j) => e === before[j]);
    });
    if (!same) {
      this.#index = new RbacIndex(entries);
      this.#entries = entries.map((list) => [...list]);
    }
    return this.#index!;
  }
}
