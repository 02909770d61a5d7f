/** Pods and images for the workloads tests. */
import type { KubeObject } from '../../sim/kube/index.ts';

/** A digest made of one repeated hex character. */
export function digest(c: string): string {
  return `sha256:${c.repeat(64)}`;
}

interface PodSpec {
  namespace: string;
  name: string;
  phase?: string;
  containers: Array<{ name: string; image: string; imageID?: string; command?: string[]; args?: string[] }>;
  initContainers?: Array<{ name: string; image: string; imageID?: string; command?: string[]; args?: string[] }>;
  restartPolicy?: string;
}

/** A pod with statuses matching its containers (unless `phase` says otherwise). */
export function pod(p: PodSpec): KubeObject {
  const spec = (cs: PodSpec['containers']) => cs.map(({ name, image, command, args }) => ({ name, image, ...(command ? { command } : {}), ...(args ? { args } : {}) }));
  const status = (cs: PodSpec['containers']) => cs.map(({ name, image, imageID }) => ({ name, image, imageID: imageID ?? '', ready: true, restartCount: 0 }));
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: p.name, namespace: p.namespace },
    spec: { restartPolicy: p.restartPolicy ?? 'Always', containers: spec(p.containers), ...(p.initContainers ? { initContainers: spec(p.initContainers) } : {}) },
    status: {
      phase: p.phase ?? 'Running',
      containerStatuses: status(p.containers),
      ...(p.initContainers ? { initContainerStatuses: status(p.initContainers) } : {}),
    },
  };
}

/** An image.openshift.io Image. */
export function image(id: string, layers: string[], reference: string, config?: { Entrypoint?: string[]; Cmd?: string[] }): KubeObject {
  return {
    apiVersion: 'image.openshift.io/v1', kind: 'Image', metadata: { name: id },
    dockerImageReference: reference,
    dockerImageLayers: layers.map((name) => ({ name, size: 1, mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip' })),
    ...(config ? { dockerImageMetadata: { kind: 'DockerImage', apiVersion: '1.0', ContainerConfig: config } } : {}),
  };
}
