import { defineGatheringFunction, GatherError, KubeApiError, raw, record } from 'insights-operator/plugin-api';
import { positiveIntegerParam, stringParam } from './params.ts';
import { containerAndInitContainerNames } from './pod-containers.ts';
import type { PodLike } from './pod-containers.ts';

/** At most this many container logs are recorded per namespace, as in the original. */
export const MAX_NAMESPACE_CONTAINER_LOGS = 64;

/**
 * `conditional/logs_of_namespace` {namespace, tail_lines}: the last `tail_lines` lines (with the
 * kubelet's timestamps) of every container and init container of every pod of the namespace, up to
 * {@link MAX_NAMESPACE_CONTAINER_LOGS} logs; the containers beyond are counted in an error, as the
 * original reports them. Empty logs, and containers with no log to read (not started yet), are left out.
 */
export const logsOfNamespace = defineGatheringFunction({
  description:
    `The last tail_lines lines of the logs of every container of every pod in the rule's namespace (at most ${MAX_NAMESPACE_CONTAINER_LOGS} logs).`,
  paths: ['conditional/namespaces/{namespace}/pods/{pod}/containers/{container}/logs/last-{tail_lines}-lines.log'],
  permissions: [
    { resource: 'pods', verbs: ['list'] },
    { resource: 'pods/log', verbs: ['get'] },
  ],
  async *gather(ctx) {
    const namespace = stringParam(ctx.params, 'namespace');
    const tailLines = positiveIntegerParam(ctx.params, 'tail_lines');
    let recorded = 0;
    let skipped = 0;
    for await (const pod of ctx.kube.list<PodLike>({ apiVersion: 'v1', kind: 'Pod' }, { namespace })) {
      const name = pod.metadata?.name ?? '';
      for (const container of containerAndInitContainerNames(pod)) {
        if (recorded >= MAX_NAMESPACE_CONTAINER_LOGS) {
          skipped += 1;
          continue;
        }
        let log: string | undefined;
        try {
          log = await ctx.kube.logs(namespace, name, { container, tailLines, timestamps: true });
        } catch (error) {
          if (!(error instanceof KubeApiError)) throw error;
          ctx.reportError(new KubeApiError(`unable to read the log of container ${container} of pod ${namespace}/${name}: ${error.message}`, error.statusCode, error.reason, { cause: error }));
          continue;
        }
        if (log === undefined || log.trim() === '') continue;
        recorded += 1;
        yield record({ name: `conditional/namespaces/${namespace}/pods/${name}/containers/${container}/logs/last-${tailLines}-lines`, item: raw(log, 'log') });
      }
    }
    if (skipped > 0) {
      ctx.reportError(new GatherError(
        `skipping ${skipped} containers on namespace ${namespace} (max: ${MAX_NAMESPACE_CONTAINER_LOGS})`,
        { code: 'CONDITIONAL_NAMESPACE_LOGS_LIMIT' },
      ));
    }
  },
});
