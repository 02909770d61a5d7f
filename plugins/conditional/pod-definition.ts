import { defineGatheringFunction, KubeApiError, record, resource } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { alertPods } from './alert-pods.ts';
import { withMaskedProxyEnv } from './masked-pod.ts';
import { stringParam } from './params.ts';

/**
 * `conditional/pod_definition` {alert_name}: the Pod each firing instance of the alert names (labels
 * `namespace` and `pod`), with the values of its proxy variables x-ed. A pod that no longer exists is
 * a warning (the original reports it as an error; a pod replaced since the alert was evaluated is an
 * ordinary state of a cluster, not a failure of the gather).
 */
export const podDefinition = defineGatheringFunction({
  description: 'The definition of each pod a firing alert points at (its namespace and pod labels), with proxy environment values anonymized.',
  paths: ['conditional/namespaces/{namespace}/pods/{pod}/{pod}.json'],
  permissions: [{ resource: 'pods', verbs: ['get'] }],
  async *gather(ctx) {
    const alertName = stringParam(ctx.params, 'alert_name');
    const seen = new Set<string>();
    for (const { namespace, pod: name } of alertPods(ctx, alertName)) {
      // Instances differing only in their container name the same pod.
      const key = `${namespace}/${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let pod: KubeObject | undefined;
      try {
        pod = await ctx.kube.get({ apiVersion: 'v1', kind: 'Pod' }, name, namespace);
      } catch (error) {
        if (!(error instanceof KubeApiError)) throw error;
        ctx.reportError(new KubeApiError(`unable to read pod ${key} (alert ${alertName}): ${error.message}`, error.statusCode, error.reason, { cause: error }));
        continue;
      }
      if (pod === undefined) {
        ctx.warn(`pod ${key} (alert ${alertName}) not found`);
        continue;
      }
      yield record({ name: `conditional/namespaces/${namespace}/pods/${name}/${name}`, item: resource(withMaskedProxyEnv(pod)) });
    }
  },
});
