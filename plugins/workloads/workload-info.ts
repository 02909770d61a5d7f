import { GatherError, defineGatheringFunction, record } from 'insights-operator/plugin-api';
import { goJson } from './go-json.ts';
import { calculatePodShape, isPodTerminated, podCanBeIgnored, workloadPodShapeIndex } from './pod-shape.ts';
import type { WorkloadPodShape } from './pod-shape.ts';
import { WorkloadImageCollector } from './workload-images.ts';
import { workloadHashString } from './workload-hash.ts';

/** Pods per list request, the original's `workloadGatherPageSize`. */
export const WORKLOAD_PAGE_SIZE = 500;
/** The original's `podsLimit`: about 600 bytes a pod at worst, so the record stays a few MB. */
export const PODS_LIMIT = 8000;

/** A namespace's pods (`workloadNamespacePods`; field order is the JSON's, zero counts left out). */
interface NamespacePods {
  count: number;
  terminalCount?: number;
  ignoredCount?: number;
  invalidCount?: number;
  shapes: WorkloadPodShape[];
}

function newNamespace(): NamespacePods {
  return { count: 0, terminalCount: undefined, ignoredCount: undefined, invalidCount: undefined, shapes: [] };
}

function bump(ns: NamespacePods, key: 'terminalCount' | 'ignoredCount' | 'invalidCount'): void {
  ns[key] = (ns[key] ?? 0) + 1;
}

/**
 * `workloads/workload_info`: the shapes of the cluster's pods per hashed namespace, as the original.
 * Runtime information from the insights-runtime-extractor is not collected (the original leaves it out
 * when no extractor pod runs).
 */
export const workloadInfo = defineGatheringFunction({
  description: 'Pod shapes per hashed namespace (image digests, hashed first command and argument), layers of the images the image API knows, at most 8,000 pods.',
  paths: ['config/workload_info.json'],
  permissions: [
    { resource: 'pods', verbs: ['list'] },
    { group: 'image.openshift.io', resource: 'images', verbs: ['get'] },
  ],
  async *gather(ctx) {
    const images = new WorkloadImageCollector(ctx);
    const namespaces = new Map<string, NamespacePods>();
    let podCount = 0;
    let limitReached = false;
    let namespace = '';
    let namespaceHash = '';
    let current = newNamespace();
    // The list comes in namespace order (the API server's key order), so a namespace's pods are
    // contiguous and each namespace is committed when the next begins, as in the original.
    for await (const pod of ctx.kube.list({ apiVersion: 'v1', kind: 'Pod' }, { pageSize: WORKLOAD_PAGE_SIZE })) {
      const podNamespace = pod.metadata?.namespace ?? '';
      if (podNamespace !== namespace) {
        if (namespace !== '') {
          namespaces.set(namespaceHash, current);
          podCount += current.count;
        }
        namespace = podNamespace;
        namespaceHash = workloadHashString(namespace);
        current = newNamespace();
      }
      // The namespace's own count matters too: one namespace with many pods could pass the cap by far.
      if (podCount >= PODS_LIMIT || podCount + current.count >= PODS_LIMIT) {
        limitReached = true;
        break;
      }
      current.count++;
      if (isPodTerminated(pod)) {
        bump(current, 'terminalCount');
        continue;
      }
      if (podCanBeIgnored(pod)) {
        bump(current, 'ignoredCount');
        continue;
      }
      const shape = calculatePodShape(pod);
      if (shape === undefined) {
        bump(current, 'invalidCount');
        continue;
      }
      const index = workloadPodShapeIndex(current.shapes, shape);
      if (index !== -1) {
        const existing = current.shapes[index]!;
        existing.duplicates = (existing.duplicates ?? 0) + 1;
        continue;
      }
      current.shapes.push({ duplicates: undefined, ...shape });
      for (const c of [...(shape.initContainers ?? []), ...shape.containers]) images.add(c.imageID);
    }
    if (namespace !== '') {
      namespaces.set(namespaceHash, current);
      podCount += current.count;
    }
    // As the original: wait for the image lookups in proportion to the pods, with a floor.
    const imageInfo = await images.finish(podCount * 100 + 15_000);
    yield record({
      name: 'config/workload_info',
      item: goJson({
        pods: podCount,
        imageCount: imageInfo?.count ?? 0,
        images: imageInfo === undefined || imageInfo.images.size === 0 ? undefined : imageInfo.images,
        namespaces: namespaces.size === 0 ? null : namespaces,
      }),
    });
    if (limitReached) ctx.reportError(new GatherError(`the ${PODS_LIMIT} limit for number of pods gathered was reached`, { code: 'WORKLOADS_PODS_LIMIT' }));
  },
});
