import type { KubeObject } from 'insights-operator/plugin-api';

/** The parts of a Pod the conditional functions read. */
export interface PodLike extends KubeObject {
  spec?: {
    containers?: Array<{ name?: string; [key: string]: unknown }> | null;
    initContainers?: Array<{ name?: string; [key: string]: unknown }> | null;
    [key: string]: unknown;
  };
}

/** The names of the pod's containers, in spec order. */
export function containerNames(pod: PodLike): string[] {
  return names(pod.spec?.containers);
}

/**
 * The names of the pod's containers and then of its init containers: an init container that failed is
 * often what keeps the pod from starting, so its log is as telling as the others'.
 */
export function containerAndInitContainerNames(pod: PodLike): string[] {
  return [...names(pod.spec?.containers), ...names(pod.spec?.initContainers)];
}

function names(list: Array<{ name?: string }> | null | undefined): string[] {
  return (list ?? []).flatMap((c) => (typeof c.name === 'string' && c.name !== '' ? [c.name] : []));
}
