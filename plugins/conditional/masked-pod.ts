import { maskSensitiveEnv } from 'insights-operator/plugin-api';
import type { ContainerLike, KubeObject } from 'insights-operator/plugin-api';

/**
 * A copy of the pod with the values of proxy variables (`HTTP_PROXY`, `HTTPS_PROXY` and names that
 * contain them) masked in its containers and init containers: proxy URLs can carry credentials, and an
 * init container's are no less secret. The pod passed in is not modified.
 * @param pod - a Pod as served
 */
export function withMaskedProxyEnv<P extends KubeObject>(pod: P): P {
  const spec = pod.spec as { containers?: ContainerLike[] | null; initContainers?: ContainerLike[] | null; [key: string]: unknown } | undefined;
  if (typeof spec !== 'object' || spec === null) return pod;
  const masked: Record<string, unknown> = { ...spec };
  if (Array.isArray(spec.containers)) masked.containers = maskSensitiveEnv(spec.containers);
  if (Array.isArray(spec.initContainers)) masked.initContainers = maskSensitiveEnv(spec.initContainers);
  return { ...pod, spec: masked };
}
