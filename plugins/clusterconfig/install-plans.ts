import { defineGatheringFunction, GatherError, record } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { goJson } from './go-json.ts';

/** InstallPlans asked for per request (the original's batch size). */
export const INSTALL_PLAN_PAGE_SIZE = 500;
/** At most this many groups are reported, the most frequent first. */
export const INSTALL_PLAN_GROUP_LIMIT = 100;
/** At most this many namespaces are considered: the original reads one page of this size. */
export const NAMESPACE_LIMIT = 1000;
/** What stands for the CSV of a plan that names none. */
const NO_CSV = '[NONE]';

const INSTALL_PLAN_TYPE = { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'InstallPlan' } as const;

interface InstallPlan extends KubeObject {
  spec?: { clusterServiceVersionNames?: unknown; [key: string]: unknown };
}

/** InstallPlans of one namespace, generated name prefix and (first) CSV. */
interface PlanGroup {
  ns: string;
  name: string;
  csv: string;
  count: number;
}

/**
 * `clusterconfig/install_plans`: how many InstallPlans the platform namespaces hold, grouped by
 * namespace, name prefix (`generateName`, since every plan gets a unique name) and CSV. Piles of plans
 * reveal an operator that keeps reinstalling. Only counts are kept, so memory does not grow with them.
 */
export const installPlans = defineGatheringFunction({
  description: 'InstallPlans of the openshift and openshift-* namespaces grouped by namespace, generateName and CSV (the 100 largest groups), with totals.',
  paths: ['config/installplans.json'],
  permissions: [
    { resource: 'namespaces', verbs: ['list'] },
    { group: 'operators.coreos.com', resource: 'installplans', verbs: ['list'] },
  ],
  async *gather(ctx) {
    // Without OLM the original's list fails with NotFound and it writes nothing; an unserved kind would
    // list as empty here, so ask discovery first.
    if ((await ctx.kube.discover('operators.coreos.com', 'installplans')) === undefined) return;
    const namespaces: string[] = [];
    for await (const ns of ctx.kube.list({ apiVersion: 'v1', kind: 'Namespace' }, { limit: NAMESPACE_LIMIT })) {
      const name = ns.metadata?.name ?? '';
      if (name === 'openshift' || name.startsWith('openshift-')) namespaces.push(name);
    }

    // Keyed by namespace, prefix and CSV; a Map keeps first-seen order, which settles ties below.
    const groups = new Map<string, PlanGroup>();
    let total = 0;
    for (const namespace of namespaces) {
      for await (const plan of ctx.kube.list<InstallPlan>(INSTALL_PLAN_TYPE, { namespace, pageSize: INSTALL_PLAN_PAGE_SIZE })) {
        total++;
        const { ns, name, csv } = planIdentity(plan);
        const key = `${ns}.${name}.${csv}`;
        const group = groups.get(key);
        if (group === undefined) groups.set(key, { ns, name, csv, count: 1 });
        else group.count++;
      }
    }
    yield record({
      name: 'config/installplans',
      item: goJson(new Map<string, unknown>([
        ['items', topGroups([...groups.values()])],
        ['stats', new Map([['TOTAL_COUNT', total], ['TOTAL_NONUNIQ_COUNT', groups.size]])],
      ])),
    });
  },
});

/**
 * Namespace, generateName and first CSV of a plan.
 * @throws GatherError when a field the grouping needs is missing, which ends the function as in the
 *   original (no record)
 */
function planIdentity(plan: InstallPlan): { ns: string; name: string; csv: string } {
  const csvNames = plan.spec?.clusterServiceVersionNames;
  if (!Array.isArray(csvNames)) throw new GatherError("can't find spec.clusterServiceVersionNames");
  const ns = plan.metadata?.namespace;
  if (typeof ns !== 'string') throw new GatherError("can't find metadata.namespace");
  const name = plan.metadata?.generateName;
  if (typeof name !== 'string') throw new GatherError("can't find metadata.generateName");
  const first: unknown = csvNames[0];
  // A first entry that is not a string counts as an empty name, as Go's failed type assertion leaves it.
  const csv = csvNames.length === 0 ? NO_CSV : typeof first === 'string' ? first : '';
  return { ns, name, csv };
}

/**
 * The largest groups, most plans first, as Go maps (keys sorted); `null` when there are none. As in
 * the original, groups tied with the last one that fits are taken while room is left; the original
 * takes them in a Go map's random order, here in the order they were first seen.
 */
function topGroups(groups: readonly PlanGroup[]): Array<Map<string, unknown>> | null {
  const counts = groups.map((g) => g.count).sort((a, b) => b - a);
  const threshold = counts.length > INSTALL_PLAN_GROUP_LIMIT ? counts[INSTALL_PLAN_GROUP_LIMIT - 1]! : -1;
  const chosen: PlanGroup[] = [];
  for (const group of groups) {
    if (group.count >= threshold) chosen.push(group);
    if (chosen.length >= INSTALL_PLAN_GROUP_LIMIT) break;
  }
  if (chosen.length === 0) return null;
  chosen.sort((a, b) => b.count - a.count);
  return chosen.map((g) => new Map<string, unknown>([['ns', g.ns], ['name', g.name], ['csv', g.csv], ['count', g.count]]));
}
