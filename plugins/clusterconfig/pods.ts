import type { KubeObject } from 'insights-operator/plugin-api';

/** The state of a container, as the API reports it (`state` or `lastState` of a status). */
export interface ContainerState {
  waiting?: Record<string, unknown> | null;
  terminated?: { exitCode?: number } | null;
  running?: Record<string, unknown> | null;
}

/** The fields of a container status these gatherers look at. */
export interface ContainerStatus {
  image?: string;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

/** The fields of a Pod these gatherers look at; everything else is carried through untouched. */
export interface Pod extends KubeObject {
  status?: {
    phase?: string;
    containerStatuses?: ContainerStatus[] | null;
    initContainerStatuses?: ContainerStatus[] | null;
    ephemeralContainerStatuses?: ContainerStatus[] | null;
    [key: string]: unknown;
  };
}

/** Go's zero time, which a missing timestamp decodes to in the original. */
const ZERO_TIME_MS = Date.parse('0001-01-01T00:00:00Z');

/** Milliseconds since the epoch of a Kubernetes timestamp; Go's zero time when absent or unparsable. */
export function timestampMs(value: unknown): number {
  if (typeof value !== 'string') return ZERO_TIME_MS;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? ZERO_TIME_MS : ms;
}

function terminatedWithError(state: ContainerState | undefined): boolean {
  const terminated = state?.terminated;
  return terminated !== undefined && terminated !== null && (terminated.exitCode ?? 0) !== 0;
}

/**
 * Whether the container is crash-looping: it restarted, and last ended with an error or is waiting to
 * start again (the original's `check.IsContainerInCrashloop`).
 */
export function isContainerInCrashloop(status: ContainerStatus): boolean {
  const waiting = status.lastState?.waiting;
  return (status.restartCount ?? 0) > 0 && (terminatedWithError(status.lastState) || (waiting !== undefined && waiting !== null));
}

/** Whether any init or regular container of the pod is crash-looping. */
export function hasContainerInCrashloop(pod: Pod): boolean {
  const all = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return all.some(isContainerInCrashloop);
}

/**
 * The original's `check.IsHealthyPod`: a pod is unhealthy when it has been Pending for over two
 * minutes (its status then explains why it cannot start), or when any init or regular container has
 * restarted or terminated with a non-zero exit code.
 * @param pod - the pod
 * @param now - the current time
 */
export function isHealthyPod(pod: Pod, now: Date): boolean {
  if (pod.status?.phase === 'Pending' && now.getTime() - timestampMs(pod.metadata?.creationTimestamp) > 2 * 60_000) {
    return false;
  }
  const all = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return all.every((s) => !terminatedWithError(s.lastState) && !terminatedWithError(s.state) && (s.restartCount ?? 0) <= 0);
}
