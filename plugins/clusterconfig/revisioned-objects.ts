import { defineGatheringFunction, KubeApiError, record } from 'insights-operator/plugin-api';
import type { GatherContext, KubeObject } from 'insights-operator/plugin-api';
import { goJson } from './go-json.ts';

/** Namespaces whose static-pod operator keeps a copy of its ConfigMaps and Secrets per revision. */
export const REVISIONED_NAMESPACES: readonly string[] = ['openshift-kube-apiserver'];
/**
 * Objects asked for per request. Secrets come back with their data (certificates, keys), and these
 * namespaces can hold thousands of revisions: small pages keep little of it in memory at once.
 */
export const REVISIONED_PAGE_SIZE = 100;

/** `<base>-<revision>`: the revision suffix that is stripped to group the copies. */
const REVISION_SUFFIX = /-\d+$/;

interface OwnerReference {
  name?: string;
}

/** Whether a revision-status object owns the object, which marks it as a per-revision copy. */
function isRevisioned(object: KubeObject): boolean {
  const owners = object.metadata?.ownerReferences;
  return Array.isArray(owners) && owners.some((o: OwnerReference | null) => typeof o?.name === 'string' && o.name.startsWith('revision-status-'));
}

/**
 * `clusterconfig/revisioned_objects`: how many revisions of each ConfigMap and Secret the static-pod
 * operators keep, per base name, since thousands of stale revisions slow the API server down. Only
 * names and owners are looked at: no Secret content reaches a record.
 */
export const revisionedObjects = defineGatheringFunction({
  description: 'Number of revisions of each revisioned ConfigMap and Secret (per base name) in openshift-kube-apiserver.',
  paths: ['config/versioned_object_revision_counts.json'],
  permissions: REVISIONED_NAMESPACES.flatMap((namespace) => [
    { resource: 'configmaps', verbs: ['list'] as const, namespace },
    { resource: 'secrets', verbs: ['list'] as const, namespace },
  ]),
  async *gather(ctx) {
    const byNamespace = new Map<string, { configmaps: Map<string, number>; secrets: Map<string, number> }>();
    for (const namespace of REVISIONED_NAMESPACES) {
      const configmaps = await countRevisions(ctx, 'ConfigMap', namespace);
      const secrets = await countRevisions(ctx, 'Secret', namespace);
      // Namespaces without any revisioned object are left out.
      if (configmaps.size > 0 || secrets.size > 0) byNamespace.set(namespace, { configmaps, secrets });
    }
    yield record({ name: 'config/versioned_object_revision_counts', item: goJson(byNamespace) });
  },
});

/**
 * Revision counts per base name of one kind in one namespace. A failed list is reported and counts as
 * no objects, so that the other kind is still counted.
 */
async function countRevisions(ctx: GatherContext<unknown>, kind: 'ConfigMap' | 'Secret', namespace: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  try {
    for await (const object of ctx.kube.list({ apiVersion: 'v1', kind }, { namespace, pageSize: REVISIONED_PAGE_SIZE })) {
      // Only the name is kept; the object (and a Secret's data) is dropped with the page.
      if (!isRevisioned(object)) continue;
      const base = (object.metadata?.name ?? '').replace(REVISION_SUFFIX, '');
      counts.set(base, (counts.get(base) ?? 0) + 1);
    }
  } catch (error) {
    if (!(error instanceof KubeApiError)) throw error;
    ctx.reportError(new KubeApiError(`unable to read ${kind}s in namespace ${namespace}: ${error.message}`, error.statusCode, error.reason, { cause: error }));
    return new Map();
  }
  return counts;
}
