import { coreServices, defineGatheringFunction, KubeApiError, maskUrl, raw, record, resource, withMaskedFields } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { eventsWindowMs, namespaceEventsRecord } from './events.ts';
import { isHealthyPod } from './pods.ts';
import type { Pod } from './pods.ts';
import { withMaskedProxyEnv } from './with-masked-proxy-env.ts';

const CVO_NAMESPACE = 'openshift-cluster-version';

interface ClusterVersion extends KubeObject {
  spec?: { clusterID?: string; [key: string]: unknown };
}

/**
 * `clusterconfig/version`: the ClusterVersion `version` with the cluster ID, the pods of the
 * cluster-version operator, and that namespace's recent events when one of those pods is unhealthy.
 */
export const version = defineGatheringFunction({
  description: 'The ClusterVersion "version" (upstream URL masked), the cluster ID, the cluster-version operator pods (proxy variables masked), and their namespace events when a pod is unhealthy.',
  paths: ['config/version.json', 'config/id', `config/pod/${CVO_NAMESPACE}/{pod}.json`, `events/${CVO_NAMESPACE}.json`],
  permissions: [
    { group: 'config.openshift.io', resource: 'clusterversions', verbs: ['get'], resourceNames: ['version'] },
    { resource: 'pods', verbs: ['list'], namespace: CVO_NAMESPACE },
    { resource: 'events', verbs: ['list'], namespace: CVO_NAMESPACE },
  ],
  services: { clock: coreServices.clock },
  async *gather(ctx) {
    const cv = await ctx.kube.get<ClusterVersion>({ apiVersion: 'config.openshift.io/v1', kind: 'ClusterVersion' }, 'version');
    // No ClusterVersion means this is not an OpenShift cluster (or not yet installed): nothing to say.
    if (cv === undefined) return;
    // The update server URL may point at the customer's own (disconnected) mirror.
    yield record({ name: 'config/version', item: resource(withMaskedFields(cv, [['spec', 'upstream']], maskUrl)) });
    const clusterID = cv.spec?.clusterID;
    if (typeof clusterID === 'string' && clusterID !== '') yield record({ name: 'config/id', item: raw(clusterID) });

    // The pods and events only help diagnose a failing upgrade; the original treats them as optional,
    // so a failure to read them is logged and the version records still count as a success.
    const now = ctx.services.clock.now();
    let unhealthy = 0;
    try {
      for await (const pod of ctx.kube.list<Pod>({ apiVersion: 'v1', kind: 'Pod' }, { namespace: CVO_NAMESPACE })) {
        yield record({ name: `config/pod/${CVO_NAMESPACE}/${pod.metadata?.name ?? ''}`, item: resource(withMaskedProxyEnv(pod)) });
        if (!isHealthyPod(pod, now)) unhealthy++;
      }
    } catch (error) {
      if (!(error instanceof KubeApiError)) throw error;
      ctx.log.info({ err: error.message }, `cannot list pods in ${CVO_NAMESPACE}`);
      return;
    }
    if (unhealthy === 0) return;
    ctx.log.info(`${unhealthy} unhealthy pods in ${CVO_NAMESPACE}`);
    try {
      const events = await namespaceEventsRecord(ctx, CVO_NAMESPACE, new Date(now.getTime() - eventsWindowMs(ctx)));
      if (events !== undefined) yield events;
    } catch (error) {
      if (!(error instanceof KubeApiError)) throw error;
      ctx.log.info({ err: error.message }, `cannot list events in ${CVO_NAMESPACE}`);
    }
  },
});
