import { join } from 'node:path';
import { gatherRules } from '../../core/rbac/policy-rules.ts';
import type { PolicyRule as CorePolicyRule } from '../../core/rbac/policy-rules.ts';
import { loadPlugins } from '../../core/loader/plugin-loader.ts';
import { startKubeSim } from '../sim/kube/index.ts';
import type { KubeSim, KubeSimOptions } from '../sim/kube/index.ts';
import { grantImpersonation, grantRules } from '../sim/kube/rbac-fixtures.ts';
import type { PolicyRule } from '../sim/kube/rbac-fixtures.ts';

/** The identity the operator gathers as in a cluster (`impersonate` in config/pod.yaml). */
export const GATHER_USER = 'system:serviceaccount:openshift-insights:gather';
/** The operator's own identity, which may impersonate only the gather account. */
export const OPERATOR_USER = 'system:serviceaccount:openshift-insights:operator';

/** An RBAC-enforcing simulator set up as a cluster is for the operator. */
export interface GatherIdentitySim {
  sim: KubeSim;
  /** A kubeconfig with the operator's token that impersonates the gather account. */
  kubeconfig: string;
  /** The cluster-wide and per-namespace rules granted to the gather account. */
  rules: { cluster: PolicyRule[]; namespaced: Map<string, PolicyRule[]> };
}

/**
 * Starts the simulator with RBAC on, grants the gather service account exactly the permissions the
 * built-in plugins declare (minus `omit`), lets the operator account impersonate it (unless
 * `impersonation: false`), and writes a kubeconfig for the operator that impersonates the gather account.
 */
export async function startGatherIdentitySim(
  options: KubeSimOptions & { dir: string; omit?: (rule: CorePolicyRule) => boolean; impersonation?: boolean },
): Promise<GatherIdentitySim> {
  const { dir, omit, impersonation, ...simOptions } = options;
  const sim = await startKubeSim({ ...simOptions, rbac: true });
  const { plugins } = await loadPlugins();
  const declared = gatherRules(plugins);
  const keep = (rules: CorePolicyRule[]): PolicyRule[] => rules.filter((r) => !omit?.(r)).map((r) => ({ ...r }));
  const rules = { cluster: keep(declared.cluster), namespaced: new Map([...declared.namespaced].map(([ns, r]) => [ns, keep(r)])) };
  grantRules(sim.store, GATHER_USER, rules.cluster, { name: 'insights-operator-gather' });
  for (const [namespace, nsRules] of rules.namespaced) {
    grantRules(sim.store, GATHER_USER, nsRules, { namespace, name: 'insights-operator-gather' });
  }
  const token = sim.serviceAccountToken('openshift-insights', 'operator');
  if (impersonation !== false) grantImpersonation(sim.store, OPERATOR_USER, GATHER_USER);
  const kubeconfig = join(dir, 'operator.kubeconfig');
  await sim.writeKubeconfig(kubeconfig, { token, impersonate: GATHER_USER });
  return { sim, kubeconfig, rules };
}
