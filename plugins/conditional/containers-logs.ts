import { defineGatheringFunction, KubeApiError, raw, record } from 'insights-operator/plugin-api';
import { alertPods } from './alert-pods.ts';
import { booleanParam, optionalStringParam, positiveIntegerParam, stringParam } from './params.ts';
import { containerAndInitContainerNames } from './pod-containers.ts';
import type { PodLike } from './pod-containers.ts';

/**
 * `conditional/containers_logs` {alert_name, namespace?, container?, tail_lines, previous?}: for each
 * firing instance of the alert, the last `tail_lines` lines (with timestamps) of the log of the
 * container its labels name, or of every container of its pod when neither the labels nor the rule name
 * one; the previous instance's log with `previous`. The rule's `namespace` and `container` take
 * precedence over the labels. A pod that no longer exists, or a container it does not have, is a
 * warning: the alert may describe a pod that has been replaced since.
 */
export const containersLogs = defineGatheringFunction({
  description:
    "The last tail_lines lines of the current or previous log of the containers of the pods a firing alert points at (its namespace, pod and container labels, or the rule's namespace and container).",
  paths: [
    'conditional/namespaces/{namespace}/pods/{pod}/containers/{container}/logs/last-{tail_lines}-lines.log',
    'conditional/namespaces/{namespace}/pods/{pod}/containers/{container}/logs-previous/last-{tail_lines}-lines.log',
  ],
  permissions: [
    { resource: 'pods', verbs: ['get'] },
    { resource: 'pods/log', verbs: ['get'] },
  ],
  async *gather(ctx) {
    const alertName = stringParam(ctx.params, 'alert_name');
    const tailLines = positiveIntegerParam(ctx.params, 'tail_lines');
    const previous = booleanParam(ctx.params, 'previous');
    const overrides = { namespace: optionalStringParam(ctx.params, 'namespace'), container: optionalStringParam(ctx.params, 'container') };
    const logDir = previous ? 'logs-previous' : 'logs';
    const recorded = new Set<string>();
    for (const target of alertPods(ctx, alertName, overrides)) {
      const where = `pod ${target.namespace}/${target.pod} (alert ${alertName})`;
      let pod: PodLike | undefined;
      try {
        pod = await ctx.kube.get<PodLike>({ apiVersion: 'v1', kind: 'Pod' }, target.pod, target.namespace);
      } catch (error) {
        if (!(error instanceof KubeApiError)) throw error;
        ctx.reportError(new KubeApiError(`unable to read ${where}: ${error.message}`, error.statusCode, error.reason, { cause: error }));
        continue;
      }
      if (pod === undefined) {
        ctx.warn(`${where} not found`);
        continue;
      }
      const all = containerAndInitContainerNames(pod);
      if (target.container !== undefined && !all.includes(target.container)) {
        ctx.warn(`${where} has no container ${target.container}`);
        continue;
      }
      for (const container of target.container === undefined ? all : [target.container]) {
        const name = `conditional/namespaces/${target.namespace}/pods/${target.pod}/containers/${container}/${logDir}/last-${tailLines}-lines`;
        if (recorded.has(name)) continue;
        let log: string | undefined;
        try {
          log = await ctx.kube.logs(target.namespace, target.pod, { container, tailLines, previous, timestamps: true });
        } catch (error) {
          if (!(error instanceof KubeApiError)) throw error;
          ctx.reportError(new KubeApiError(`unable to read the log of container ${container} of ${where}: ${error.message}`, error.statusCode, error.reason, { cause: error }));
          continue;
        }
        if (log === undefined) {
          // 400/404 from the kubelet: no previous instance, or the container has not started.
          ctx.warn(`no ${previous ? 'previous ' : ''}log of container ${container} of ${where}`);
          continue;
        }
        if (log.trim() === '') continue;
        recorded.add(name);
        yield record({ name, item: raw(log, 'log') });
      }
    }
  },
});
