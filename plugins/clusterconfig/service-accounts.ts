import { defineGatheringFunction, KubeApiError, record } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { goJson } from './go-json.ts';

/** Namespaces Kubernetes and OpenShift create, collected besides every `openshift-*` namespace. */
export const DEFAULT_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'openshift'];
/** At most this many namespaces are considered: the original reads one page of this size. */
export const NAMESPACE_LIMIT = 1000;
/**
 * At most this many ServiceAccounts are read (and counted) per namespace, and at most this many are
 * described in the record in all.
 */
export const SERVICE_ACCOUNT_LIMIT = 1000;

interface ServiceAccount extends KubeObject {
  secrets?: unknown[] | null;
}

/**
 * `clusterconfig/service_accounts`: how many ServiceAccounts the platform namespaces hold, and for each
 * (up to a limit) its name and number of secrets. Only the platform's namespaces are read, so no
 * customer workload names are collected.
 */
export const serviceAccounts = defineGatheringFunction({
  description: 'ServiceAccount names and secret counts in the default, kube-system, kube-public, openshift and openshift-* namespaces, with the total count.',
  paths: ['config/serviceaccounts.json'],
  permissions: [
    { resource: 'namespaces', verbs: ['list'] },
    { resource: 'serviceaccounts', verbs: ['list'] },
  ],
  async *gather(ctx) {
    const namespaces = [...DEFAULT_NAMESPACES];
    for await (const ns of ctx.kube.list({ apiVersion: 'v1', kind: 'Namespace' }, { limit: NAMESPACE_LIMIT })) {
      const name = ns.metadata?.name ?? '';
      if (name.startsWith('openshift-')) namespaces.push(name);
    }

    let total = 0;
    let described = 0;
    const byNamespace = new Map<string, Array<{ name: string; secrets: number }>>();
    for (const namespace of namespaces) {
      try {
        // One request per namespace, as the original: the limit bounds both the count and the response.
        const list = ctx.kube.list<ServiceAccount>(
          { apiVersion: 'v1', kind: 'ServiceAccount' },
          { namespace, pageSize: SERVICE_ACCOUNT_LIMIT, limit: SERVICE_ACCOUNT_LIMIT },
        );
        for await (const sa of list) {
          total++;
          if (described >= SERVICE_ACCOUNT_LIMIT) continue;
          described++;
          const entries = byNamespace.get(namespace) ?? [];
          entries.push({ name: sa.metadata?.name ?? '', secrets: sa.secrets?.length ?? 0 });
          byNamespace.set(namespace, entries);
        }
      } catch (error) {
        // The other namespaces still give a useful picture; the failure is reported, not fatal.
        if (!(error instanceof KubeApiError)) throw error;
        ctx.reportError(new KubeApiError(`unable to read ServiceAccounts in namespace ${namespace}: ${error.message}`, error.statusCode, error.reason, { cause: error }));
      }
    }
    yield record({
      name: 'config/serviceaccounts',
      item: goJson({ serviceAccounts: new Map<string, unknown>([['TOTAL_COUNT', total], ['namespaces', byNamespace]]) }),
    });
  },
});
