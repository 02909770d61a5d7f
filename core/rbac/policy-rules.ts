import { declaredFunctions } from '../loader/declared-functions.ts';
import type { Permission } from '../../plugin-api/kube.ts';
import type { LoadedPlugin } from '../loader/loaded-plugin.ts';

/** An RBAC rule as it appears in a ClusterRole or Role (`rbac.authorization.k8s.io/v1` PolicyRule). */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/** The rules the gather identity needs: cluster-wide, and per namespace (Roles). */
export interface GatherRules {
  cluster: PolicyRule[];
  namespaced: Map<string, PolicyRule[]>;
}

/**
 * Turns the permissions every loaded function declares into RBAC rules, merged and sorted so that the
 * result is stable: one rule per (group, resource, resourceNames), verbs united. This is what the
 * generated RBAC manifests hold, and what tests grant the gather identity to prove the declarations
 * are both sufficient and no broader.
 */
export function gatherRules(plugins: readonly LoadedPlugin[]): GatherRules {
  const cluster = new Map<string, PolicyRule>();
  const namespaced = new Map<string, Map<string, PolicyRule>>();
  for (const { plugin } of plugins) {
    for (const { declaration } of declaredFunctions(plugin)) {
      for (const permission of declaration.permissions) {
        const target = permission.namespace === undefined
          ? cluster
          : namespaced.get(permission.namespace) ?? namespaced.set(permission.namespace, new Map()).get(permission.namespace)!;
        merge(target, permission);
      }
    }
  }
  return {
    cluster: sortRules([...cluster.values()]),
    namespaced: new Map([...namespaced].sort(([a], [b]) => a.localeCompare(b)).map(([ns, rules]) => [ns, sortRules([...rules.values()])])),
  };
}

function merge(target: Map<string, PolicyRule>, permission: Permission): void {
  const group = permission.group ?? '';
  const names = permission.resourceNames === undefined ? undefined : [...new Set(permission.resourceNames)].sort();
  const key = `${group}\u0000${permission.resource}\u0000${names?.join(',') ?? '*'}`;
  const rule = target.get(key) ?? { apiGroups: [group], resources: [permission.resource], verbs: [], ...(names ? { resourceNames: names } : {}) };
  rule.verbs = [...new Set([...rule.verbs, ...permission.verbs])].sort();
  target.set(key, rule);
}

function sortRules(rules: PolicyRule[]): PolicyRule[] {
  const key = (r: PolicyRule) => `${r.apiGroups[0]}/${r.resources[0]}/${r.resourceNames?.join(',') ?? ''}`;
  return rules.sort((a, b) => key(a).localeCompare(key(b)));
}
