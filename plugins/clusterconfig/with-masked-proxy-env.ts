import { maskSensitiveEnv } from 'insights-operator/plugin-api';
import type { ContainerLike, KubeObject } from 'insights-operator/plugin-api';

/**
 * A copy of the pod with the values of its containers' proxy variables (`HTTP_PROXY`, `HTTPS_PROXY`
 * and names containing them) masked, since proxy URLs can carry credentials. As in the original, only
 * `spec.containers` is looked at: init and ephemeral containers are recorded as they are. The pod
 * passed in is not modified.
 * @param pod - a Pod as served
 */
export function withMaskedProxyEnv<P extends KubeObject>(pod: P): P {
  const spec = pod.spec as { containers?: ContainerLike[] | null; [key: string]: unknown } | undefined;
  if (!Array.isArray(spec?.containers)) return pod;
  return { ...pod, spec: { ...spec, containers: maskSensitiveEnv(spec.containers) } };
}
