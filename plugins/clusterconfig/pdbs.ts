import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';

/** At most this many PodDisruptionBudgets are recorded (the original's cap). */
export const PDB_LIMIT = 100;

/** Only the platform's own budgets are collected: those in namespaces with this prefix. */
const PLATFORM_NAMESPACE_PREFIX = 'openshift-';

/**
 * `clusterconfig/pdbs`: the PodDisruptionBudgets of the `openshift-*` namespaces, up to
 * {@link PDB_LIMIT}, in the order the API lists them (by namespace, then name).
 */
export const pdbs = defineGatheringFunction({
  description: `PodDisruptionBudgets in openshift-* namespaces, at most ${PDB_LIMIT}.`,
  paths: ['config/pdbs/{namespace}/{name}.json'],
  permissions: [{ group: 'policy', resource: 'poddisruptionbudgets', verbs: ['list'] }],
  async *gather(ctx) {
    let recorded = 0;
    // The namespace prefix cannot be a field selector, so every budget is listed (page by page) and
    // filtered here; the list stops as soon as the cap is reached.
    for await (const pdb of ctx.kube.list({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' })) {
      const namespace = pdb.metadata?.namespace ?? '';
      if (!namespace.startsWith(PLATFORM_NAMESPACE_PREFIX)) continue;
      yield record({ name: `config/pdbs/${namespace}/${pdb.metadata?.name ?? ''}`, item: resource(pdb) });
      if (++recorded === PDB_LIMIT) return;
    }
  },
});
