import { coreServices, defineGatheringFunction, KubeApiError, raw, record, resource } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { eventsWindowMs, namespaceEventsRecord } from './events.ts';
import { isHealthyPod } from './pods.ts';
import type { Pod } from './pods.ts';

const CVO_NAMESPACE = 'openshift-cluster-version';

interface ClusterVersion extends KubeObject {
  spec?: { clusterID?: string; [key: string]: unknown };
}

/**
 * `clusterconfig/version`: the ClusterVersion `version` with the cluster ID, the pods of the
 * cluster-version operator, and that namespace's recent events when one of those pods is unhealthy.
 */
export const version = defineGatheringFunction({
  description: 'The ClusterVersion "version", the cluster ID, the cluster-version operator pods, and their namespace events when a pod is unhealthy.',
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
    // spec.upstream: masked by the core anonymizer (later issue).
    yield record({ name: 'config/version', item: resource(cv) });
    const clusterID = cv.spec?.clusterID;
    if (typeof clusterID === 'string' && clusterID !== '') yield record({ name: 'config/id', item: raw(clusterID) });

    // The pods and events only help diagnose a failing upgrade; the original treats them as optional,
    // so a failure to read them is logged and the version records still count as a success.
    const now = ctx.services.clock.now();
    let unhealthy = 0;
    try {
      for await (const pod of ctx.kube.list<Pod>({ apiVersion: 'v1', kind: 'Pod' }, { namespace: CVO_NAMESPACE })) {
        // Sensitive container env values: masked by the core anonymizer (later issue).
        yield record({ name: `config/pod/${CVO_NAMESPACE}/${pod.metadata?.name ?? ''}`, item: resource(pod) });
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
