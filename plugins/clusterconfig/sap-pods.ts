import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { DATAHUB_LIST_PERMISSION, DATAHUB_TYPE } from './sap-datahubs.ts';
import { withMaskedProxyEnv } from './with-masked-proxy-env.ts';

interface Pod extends KubeObject {
  metadata?: KubeObject['metadata'] & { ownerReferences?: Array<{ kind?: string; name?: string }> };
  status?: { phase?: string; [key: string]: unknown };
}

interface Job extends KubeObject {
  status?: { succeeded?: number; [key: string]: unknown };
}

/** Phases of pods that are fine: running, or finished successfully. */
const HEALTHY_PHASES: ReadonlySet<string> = new Set(['Running', 'Succeeded']);

/**
 * `clusterconfig/sap_pods`: the failing pods (neither Running nor Succeeded) of every namespace that
 * holds a DataHub, SAP Data Intelligence's namespaces. A failed pod of a Job that has since succeeded
 * with another pod is left out: it no longer matters. Nothing is read beyond the DataHub list on other
 * clusters.
 */
export const sapPods = defineGatheringFunction({
  description: 'Pods that are neither Running nor Succeeded in the namespaces of SAP Data Intelligence (those holding a DataHub), except those of Jobs that later succeeded.',
  paths: ['config/pod/{namespace}/{name}.json'],
  permissions: [
    DATAHUB_LIST_PERMISSION,
    // The namespaces are only known at gather time, so pods are listed with a cluster-wide grant.
    { group: '', resource: 'pods', verbs: ['list'] },
    { group: 'batch', resource: 'jobs', verbs: ['get'] },
  ],
  async *gather(ctx) {
    const namespaces = new Set<string>();
    for await (const datahub of ctx.kube.list(DATAHUB_TYPE)) namespaces.add(datahub.metadata?.namespace ?? '');
    namespaces.delete('');
    for (const namespace of namespaces) {
      // Jobs are looked up once each, however many of their pods failed.
      const succeeded = new Map<string, boolean>();
      const jobSucceeded = async (name: string): Promise<boolean> => {
        if (!succeeded.has(name)) {
          const job = await ctx.kube.get<Job>({ apiVersion: 'batch/v1', kind: 'Job' }, name, namespace);
          // A Job that is gone (deleted, or removed by its TTL after finishing) proves nothing either way:
          // the pod is kept, where the original would fail the whole function on the NotFound.
          succeeded.set(name, (job?.status?.succeeded ?? 0) > 0);
        }
        return succeeded.get(name)!;
      };
      for await (const pod of ctx.kube.list<Pod>({ apiVersion: 'v1', kind: 'Pod' }, { namespace })) {
        if (HEALTHY_PHASES.has(pod.status?.phase ?? '')) continue;
        let laterSuccess = false;
        for (const owner of pod.metadata?.ownerReferences ?? []) {
          if (owner.kind === 'Job' && owner.name !== undefined && (await jobSucceeded(owner.name))) {
            laterSuccess = true;
            break;
          }
        }
        if (laterSuccess) continue;
        // Proxy variables are masked as in every other pod record: their URLs can carry credentials.
        yield record({ name: `config/pod/${namespace}/${pod.metadata?.name ?? ''}`, item: resource(withMaskedProxyEnv(pod)) });
      }
    }
  },
});
