import { join } from 'node:path';
import type { LoadedPlugin } from '../../core/loader/loaded-plugin.ts';
import { gatherRules } from '../../core/rbac/policy-rules.ts';
import { startKubeSim } from '../../test/sim/kube/index.ts';
import type { KubeObject, KubeSim, KubeSimOptions } from '../../test/sim/kube/index.ts';
import { grantImpersonation, grantRules } from '../../test/sim/kube/rbac-fixtures.ts';

/** The cluster a plugin is tested against: nothing, the sample archive, or a generated cluster. */
export type KitCluster = 'empty' | 'sample' | { scale: number | 'small' | 'large' };

/** The identity the operator gathers as in a cluster (`impersonate` in config/pod.yaml). */
export const KIT_GATHER_USER = 'system:serviceaccount:openshift-insights:gather';
/** An identity granted nothing, for the "forbidden" run of the contract. */
export const KIT_UNPRIVILEGED_USER = 'system:serviceaccount:openshift-insights:kit-unprivileged';
const OPERATOR_USER = 'system:serviceaccount:openshift-insights:operator';

/** A running simulator set up for the plugin under test. */
export interface KitClusterEnv {
  sim: KubeSim;
  /** Kubeconfig of the operator impersonating {@link KIT_GATHER_USER}. */
  gatherKubeconfig: string;
  /** Kubeconfig of the operator impersonating {@link KIT_UNPRIVILEGED_USER} (RBAC on only). */
  unprivilegedKubeconfig: string;
}

/**
 * Starts the Kubernetes simulator for the plugin under test: the chosen cluster plus the author's
 * objects (CustomResourceDefinitions and Namespaces first, so the rest can be stored), and with RBAC on
 * (the default) the gather identity granted exactly what `plugins` declare, as the generated manifests
 * would. `extra` objects (the contract's canaries) are added last.
 */
export async function startKitCluster(options: {
  cluster?: KitCluster | undefined;
  objects?: readonly object[] | undefined;
  rbac?: boolean | undefined;
  plugins: readonly LoadedPlugin[];
  dir: string;
  extra?: readonly KubeObject[];
}): Promise<KitClusterEnv> {
  const rbac = options.rbac !== false;
  const cluster = options.cluster ?? 'empty';
  const simOptions: KubeSimOptions = cluster === 'empty' ? {} : cluster === 'sample' ? { fixture: 'sample' } : { scale: cluster.scale };
  const sim = await startKubeSim({ ...simOptions, rbac });
  try {
    for (const obj of orderForStore(options.objects ?? [])) sim.store.add(obj);
    for (const obj of options.extra ?? []) sim.store.add(obj);
    const token = sim.serviceAccountToken('openshift-insights', 'operator');
    if (rbac) {
      const declared = gatherRules(options.plugins);
      grantRules(sim.store, KIT_GATHER_USER, declared.cluster.map((r) => ({ ...r })), { name: 'insights-operator-gather' });
      for (const [namespace, rules] of declared.namespaced) {
        grantRules(sim.store, KIT_GATHER_USER, rules.map((r) => ({ ...r })), { namespace, name: 'insights-operator-gather' });
      }
      sim.serviceAccountToken('openshift-insights', 'kit-unprivileged');
      grantImpersonation(sim.store, OPERATOR_USER, KIT_GATHER_USER);
      grantImpersonation(sim.store, OPERATOR_USER, KIT_UNPRIVILEGED_USER);
    }
    const gatherKubeconfig = join(options.dir, 'gather.kubeconfig');
    const unprivilegedKubeconfig = join(options.dir, 'unprivileged.kubeconfig');
    await sim.writeKubeconfig(gatherKubeconfig, { token, impersonate: KIT_GATHER_USER });
    await sim.writeKubeconfig(unprivilegedKubeconfig, { token, impersonate: KIT_UNPRIVILEGED_USER });
    return { sim, gatherKubeconfig, unprivilegedKubeconfig };
  } catch (error) {
    await sim.close();
    throw error;
  }
}

function orderForStore(objects: readonly object[]): KubeObject[] {
  const rank = (o: KubeObject) => (o.kind === 'CustomResourceDefinition' ? 0 : o.kind === 'Namespace' ? 1 : 2);
  return (objects as KubeObject[]).map((o, i) => ({ o, i })).sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i).map(({ o }) => o);
}
