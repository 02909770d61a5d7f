import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';
import type { Marshaller } from 'insights-operator/plugin-api';
import { imageIdentity } from './image-reference.ts';
import { hasContainerInCrashloop, timestampMs } from './pods.ts';
import type { ContainerStatus, Pod } from './pods.ts';
import { withMaskedProxyEnv } from './with-masked-proxy-env.ts';

/** Pods asked for per request: the original's page size, which keeps each response small. */
const POD_PAGE_SIZE = 200;
/** At most this many (image, month) entries are reported; about 100 bytes each. */
const IMAGE_ENTRY_LIMIT = 1000;

/**
 * `clusterconfig/container_images`: which images run in the cluster and since when (pods counted per
 * image and per month the pod was created), plus the definitions of crash-looping pods in `openshift-*`
 * namespaces. Pods are read page by page and only counts are kept, so memory stays flat however many
 * pods the cluster runs.
 */
export const containerImages = defineGatheringFunction({
  description: 'Running container images with pod counts per creation month, and crash-looping pods of openshift-* namespaces (proxy variables masked).',
  paths: ['config/running_containers.json', 'config/pod/{namespace}/{pod}.json'],
  permissions: [{ resource: 'pods', verbs: ['list'] }],
  async *gather(ctx) {
    // image -> creation month -> number of containers; Map keeps first-seen order for equal counts.
    const counts = new Map<string, Map<string, number>>();
    const count = (month: string, statuses: ContainerStatus[] | null | undefined): void => {
      for (const status of statuses ?? []) {
        const image = imageIdentity(status.image ?? '');
        if (image === undefined) {
          ctx.log.warn(`unable to parse container image ${JSON.stringify(status.image ?? '')}`);
          continue;
        }
        const months = counts.get(image) ?? new Map<string, number>();
        months.set(month, (months.get(month) ?? 0) + 1);
        counts.set(image, months);
      }
    };

    for await (const pod of ctx.kube.list<Pod>({ apiVersion: 'v1', kind: 'Pod' }, { pageSize: POD_PAGE_SIZE })) {
      const namespace = pod.metadata?.namespace ?? '';
      if (namespace.startsWith('openshift-') && hasContainerInCrashloop(pod)) {
        yield record({ name: `config/pod/${namespace}/${pod.metadata?.name ?? ''}`, item: resource(withMaskedProxyEnv(pod)) });
      } else if (pod.status?.phase === 'Running') {
        const month = creationMonth(pod);
        count(month, pod.status.containerStatuses);
        count(month, pod.status.initContainerStatuses);
        count(month, pod.status.ephemeralContainerStatuses);
      }
    }
    yield record({ name: 'config/running_containers', item: runningContainers(counts) });
  },
});

/** `YYYY-MM` of the pod's creation, in UTC; Go's zero time (`0001-01`) when it has none. */
function creationMonth(pod: Pod): string {
  const created = new Date(timestampMs(pod.metadata?.creationTimestamp));
  return `${String(created.getUTCFullYear()).padStart(4, '0')}-${String(created.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * The original's `ContainerInfo`: `images` maps an index to an image, most common image first, and
 * `containers` maps a month to `{imageIndex: count}`. Entries stop being added once
 * {@link IMAGE_ENTRY_LIMIT} is reached (an image's months are always reported together).
 */
function runningContainers(counts: Map<string, Map<string, number>>): Marshaller {
  const totals = [...counts].map(([image, months]) => ({ image, months, total: sum(months.values()) }));
  totals.sort((a, b) => b.total - a.total);
  const images = new Map<string, string>();
  const containers = new Map<string, Map<string, number>>();
  let entries = 0;
  for (const { image, months } of totals) {
    if (entries >= IMAGE_ENTRY_LIMIT) break;
    const index = String(images.size);
    images.set(index, JSON.stringify(image));
    for (const [month, n] of months) {
      const perImage = containers.get(month) ?? new Map<string, number>();
      perImage.set(index, n);
      containers.set(month, perImage);
      entries++;
    }
  }
  const byMonth = new Map([...containers].map(([month, perImage]) => [month, goObject(new Map([...perImage].map(([i, n]) => [i, String(n)])))]));
  const text = `{"images":${goObject(images)},"containers":${goObject(byMonth)}}`;
  return { extension: 'json', marshal: () => text };
}

/**
 * A JSON object from already-encoded values, keys sorted as strings, as Go's encoding/json writes a map
 * (`"10"` before `"2"`). A plain object cannot do this: JavaScript puts integer-like keys first, in
 * numeric order.
 */
function goObject(members: Map<string, string>): string {
  const keys = [...members.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${JSON.stringify(k)}:${members.get(k) ?? 'null'}`).join(',')}}`;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
