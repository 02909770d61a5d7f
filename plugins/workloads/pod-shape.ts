import type { KubeObject } from 'insights-operator/plugin-api';
import { idForImageReference } from './image-digest.ts';
import { workloadArgumentString, workloadHashString } from './workload-hash.ts';

/** One container of a pod shape, as the original's `workloadContainerShape` (field order is the JSON's). */
export interface WorkloadContainerShape {
  imageID: string;
  /** Hash of the first command's first word; absent when the container sets no command. */
  firstCommand?: string;
  /** Hash of the first argument's first word; absent when the container sets no argument. */
  firstArg?: string;
}

/** A pod shape, as the original's `workloadPodShape`: pods with equal containers share one. */
export interface WorkloadPodShape {
  /** How many more pods have this shape; absent when none. */
  duplicates?: number;
  restartAlways: boolean;
  /** Absent when the pod has no init containers (`omitempty`). */
  initContainers?: WorkloadContainerShape[];
  containers: WorkloadContainerShape[];
}

interface Container { name?: string; image?: string; command?: string[]; args?: string[] }
interface ContainerStatus { name?: string; imageID?: string }
interface PodParts {
  spec?: { initContainers?: Container[]; containers?: Container[]; restartPolicy?: string };
  status?: { phase?: string; initContainerStatuses?: ContainerStatus[]; containerStatuses?: ContainerStatus[] };
}

function parts(pod: KubeObject): PodParts {
  return pod as PodParts;
}

/** Succeeded or Failed: counted as terminal, not described. */
export function isPodTerminated(pod: KubeObject): boolean {
  const phase = parts(pod).status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Neither running nor pending, or with statuses that do not match the spec's containers yet. */
export function podCanBeIgnored(pod: KubeObject): boolean {
  const { spec, status } = parts(pod);
  const phase = status?.phase;
  return (phase !== 'Running' && phase !== 'Pending')
    || (status?.initContainerStatuses?.length ?? 0) !== (spec?.initContainers?.length ?? 0)
    || (status?.containerStatuses?.length ?? 0) !== (spec?.containers?.length ?? 0);
}

/**
 * The original's `matchingSpecIndex`: kubelets list statuses in spec order but may not, so the hint is
 * tried first and then every spec container by name.
 */
function matchingSpecIndex(name: string | undefined, spec: readonly Container[], hint: number): number {
  if (hint < spec.length && spec[hint]?.name === name) return hint;
  return spec.findIndex((c) => c.name === name);
}

/**
 * The shapes of a pod's containers (one per status), or `undefined` when a status has no spec or no
 * image digest can be found, which makes the pod invalid as in the original.
 */
function containerShapes(spec: readonly Container[], statuses: readonly ContainerStatus[]): WorkloadContainerShape[] | undefined {
  const shapes: WorkloadContainerShape[] = [];
  for (const [i, status] of statuses.entries()) {
    const index = matchingSpecIndex(status.name, spec, i);
    if (index === -1) return undefined;
    const container = spec[index]!;
    let imageID = idForImageReference((status.imageID ?? '').replace(/^docker-pullable:\/\//, ''));
    if (imageID === '') imageID = idForImageReference(container.image ?? '');
    if (imageID === '') return undefined;
    const command = container.command?.[0];
    const arg = container.args?.[0];
    shapes.push({
      imageID,
      firstCommand: command === undefined ? undefined : workloadHashString(workloadArgumentString(command)),
      firstArg: arg === undefined ? undefined : workloadHashString(workloadArgumentString(arg)),
    });
  }
  return shapes;
}

/** The original's `calculatePodShape`, or `undefined` for a pod it counts as invalid. */
export function calculatePodShape(pod: KubeObject): WorkloadPodShape | undefined {
  const { spec, status } = parts(pod);
  const initContainers = containerShapes(spec?.initContainers ?? [], status?.initContainerStatuses ?? []);
  if (initContainers === undefined) return undefined;
  const containers = containerShapes(spec?.containers ?? [], status?.containerStatuses ?? []);
  if (containers === undefined) return undefined;
  return { restartAlways: spec?.restartPolicy === 'Always', initContainers: initContainers.length > 0 ? initContainers : undefined, containers };
}

function sameContainers(a: readonly WorkloadContainerShape[] = [], b: readonly WorkloadContainerShape[] = []): boolean {
  return a.length === b.length && a.every((x, i) => x.imageID === b[i]!.imageID && x.firstArg === b[i]!.firstArg && x.firstCommand === b[i]!.firstCommand);
}

/**
 * The original's `workloadPodShapeIndex`: the index of an equal shape (same containers; `restartAlways`
 * is not compared, as there), searched from the most recent since pods come in name order.
 */
export function workloadPodShapeIndex(shapes: readonly WorkloadPodShape[], shape: WorkloadPodShape): number {
  for (let i = shapes.length - 1; i >= 0; i--) {
    const existing = shapes[i]!;
    if (sameContainers(existing.initContainers, shape.initContainers) && sameContainers(existing.containers, shape.containers)) return i;
  }
  return -1;
}
