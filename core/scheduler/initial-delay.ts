import { CoreV1Api } from '@kubernetes/client-node';
import type { KubeConfig, V1ContainerStatus } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { describeError } from '../errors/codes.ts';
import { jitter } from '../pruner/jitter.ts';

/** After a restart the first gather waits `Jitter(interval / 12, 0.5)`, as the original. */
export const RESTART_DELAY_DIVISOR = 12;
/** See {@link RESTART_DELAY_DIVISOR}. */
export const RESTART_DELAY_JITTER = 0.5;

/**
 * How long to wait before the first gather, by the original's rule: at once on a clean start, but
 * `Jitter(interval / 12, 0.5)` after a restart (or when the pod's state cannot be read), so that a
 * crash-looping operator does not gather, and load the cluster, at every start.
 * @param options.intervalMs - the gather interval
 * @param options.restarted - what {@link podWasRestarted} found
 * @param options.random - a `Math.random`-like source, injectable for tests
 */
export function initialGatherDelay(options: { intervalMs: number; restarted: boolean; random?: () => number }): number {
  if (!options.restarted) return 0;
  return jitter(options.intervalMs / RESTART_DELAY_DIVISOR, RESTART_DELAY_JITTER, options.random);
}

/**
 * Whether the operator's own pod shows an earlier run: a container restarted, terminated before, or
 * waiting. A pod that cannot be read counts as restarted, as the original delays when "the check
 * fails". The original polls every 20s for up to `Jitter(interval / 24, 0.1)` until the pod looks
 * healthy; one read is enough here, since the answer only chooses between two delays and a read that
 * fails also ends in the longer one.
 * @param kubeConfig - the operator's own (not impersonating) kubeconfig
 * @param namespace - the pod's namespace (`POD_NAMESPACE`)
 * @param podName - the pod's name (`POD_NAME`)
 * @param logger - where a failed read is reported; optional
 */
export async function podWasRestarted(kubeConfig: KubeConfig, namespace: string, podName: string, logger?: Logger): Promise<boolean> {
  let statuses: V1ContainerStatus[];
  try {
    const pod = await kubeConfig.makeApiClient(CoreV1Api).readNamespacedPod({ name: podName, namespace });
    statuses = pod.status?.containerStatuses ?? [];
  } catch (error) {
    logger?.warn({ namespace, pod: podName, err: describeError(error) }, 'cannot read the operator pod to tell whether it restarted; assuming it did');
    return true;
  }
  // `!= null`: a status written by another client may carry explicit nulls.
  return statuses.some((s) => (s.restartCount ?? 0) > 0 || s.lastState?.terminated != null || s.state?.waiting != null);
}
