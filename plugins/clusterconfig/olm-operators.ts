import { defineGatheringFunction, GatherError, json, KubeApiError, record } from 'insights-operator/plugin-api';
import type { GatherContext, KubeObject } from 'insights-operator/plugin-api';

const CSV_TYPE = { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'ClusterServiceVersion' } as const;

/** One installed operator as the record describes it (the original's field names and order). */
interface OlmOperator {
  name: string;
  displayName: string;
  version: string;
  csv_conditions: unknown[] | null;
}

interface Operator extends KubeObject {
  status?: { components?: { refs?: unknown } | null; [key: string]: unknown };
}

interface ClusterServiceVersion extends KubeObject {
  spec?: { displayName?: unknown; [key: string]: unknown };
  status?: { conditions?: unknown; [key: string]: unknown };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `clusterconfig/olm_operators`: the operators installed through OLM, each with its version (taken from
 * its ClusterServiceVersion's name) and that CSV's display name and conditions.
 */
export const olmOperators = defineGatheringFunction({
  description: 'Installed OLM operators: name, version, and the display name and conditions of their ClusterServiceVersion.',
  paths: ['config/olm_operators.json'],
  permissions: [
    { group: 'operators.coreos.com', resource: 'operators', verbs: ['list'] },
    { group: 'operators.coreos.com', resource: 'clusterserviceversions', verbs: ['get'] },
  ],
  async *gather(ctx) {
    const olms: OlmOperator[] = [];
    for await (const operator of ctx.kube.list<Operator>({ apiVersion: 'operators.coreos.com/v1', kind: 'Operator' })) {
      const current: OlmOperator = { name: operator.metadata?.name ?? '', displayName: '', version: '', csv_conditions: null };
      const refs = operator.status?.components?.refs;
      if (!Array.isArray(refs)) {
        // What is known (the name) is still worth recording.
        ctx.reportError(new GatherError(`cannot find "status.components.refs" in ${current.name} definition`));
        olms.push({ ...current });
        continue;
      }
      for (const ref of refs) {
        // A failure with one reference records what is known so far, as the original does.
        try {
          const csvRef = csvReference(ref);
          if (csvRef === undefined) continue;
          current.version = csvRef.version;
          const csv = await readCsv(ctx, csvRef);
          current.displayName = csv.displayName;
          current.csv_conditions = csv.conditions;
        } catch (error) {
          if (!(error instanceof GatherError)) throw error;
          ctx.reportError(error);
          olms.push({ ...current });
          continue;
        }
        if (olms.some((o) => o.name === current.name && o.version === current.version)) continue;
        olms.push({ ...current });
      }
    }
    if (olms.length === 0) return;
    yield record({ name: 'config/olm_operators', item: json(olms) });
  },
});

interface CsvReference {
  name: string;
  namespace: string;
  version: string;
}

/**
 * The ClusterServiceVersion a component reference points to, `undefined` for other components. The
 * version is what follows the first `.` of the CSV's name (`etcdoperator.v0.9.4` → `v0.9.4`).
 * @throws GatherError when the reference cannot be read
 */
function csvReference(ref: unknown): CsvReference | undefined {
  if (!isObject(ref)) throw new GatherError(`cannot convert ${JSON.stringify(ref)} to map[string]interface{}`);
  if (ref.kind !== 'ClusterServiceVersion') return undefined;
  const { name, namespace } = ref;
  // The original assumes both are strings (and panics otherwise); a malformed reference is an error here.
  if (typeof name !== 'string' || typeof namespace !== 'string') {
    throw new GatherError(`clusterserviceversion reference ${JSON.stringify(ref)} has no name or namespace`);
  }
  const dot = name.indexOf('.');
  if (dot < 0) throw new GatherError(`clusterserviceversion "${name}" probably doesn't include version`);
  return { name, namespace, version: name.slice(dot + 1) };
}

/**
 * The display name and conditions of the referenced CSV.
 * @throws GatherError when it cannot be read or lacks either field
 */
async function readCsv(ctx: GatherContext<unknown>, ref: CsvReference): Promise<{ displayName: string; conditions: unknown[] }> {
  let csv: ClusterServiceVersion | undefined;
  try {
    csv = await ctx.kube.get<ClusterServiceVersion>(CSV_TYPE, ref.name, ref.namespace);
  } catch (error) {
    if (!(error instanceof KubeApiError)) throw error;
    throw new GatherError(`failed to get ${ref.name} ClusterServiceVersion: ${error.message}`, { code: error.code, cause: error });
  }
  if (csv === undefined) {
    throw new GatherError(`failed to get ${ref.name} ClusterServiceVersion: clusterserviceversions.operators.coreos.com "${ref.name}" not found`);
  }
  const conditions = csv.status?.conditions;
  if (!Array.isArray(conditions)) throw new GatherError(`cannot read ${ref.name} ClusterServiceVersion attributes: can't find status.conditions`);
  const displayName = csv.spec?.displayName;
  if (typeof displayName !== 'string') throw new GatherError(`cannot read ${ref.name} ClusterServiceVersion attributes: can't find spec.displayName`);
  return { displayName, conditions };
}
