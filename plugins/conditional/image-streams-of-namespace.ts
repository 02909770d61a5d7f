import { defineGatheringFunction, record, resource, withMaskedFields } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { stringParam } from './params.ts';

interface ImageStream extends KubeObject {
  spec?: { tags?: unknown[] | null; [key: string]: unknown };
  status?: { tags?: Array<{ items?: unknown[] | null }> | null; [key: string]: unknown };
}

/**
 * The fields of an ImageStream that name registries and images (which can reveal internal hosts and
 * projects), x-ed as the original does: the repositories of spec and status, each spec tag's `from`
 * name and each status tag item's image reference.
 */
export function imageStreamMaskedPaths(stream: ImageStream): string[][] {
  const paths: string[][] = [
    ['spec', 'dockerImageRepository'],
    ['status', 'dockerImageRepository'],
    ['status', 'publicDockerImageRepository'],
  ];
  (stream.spec?.tags ?? []).forEach((_, i) => paths.push(['spec', 'tags', String(i), 'from', 'name']));
  (stream.status?.tags ?? []).forEach((tag, i) => {
    (tag?.items ?? []).forEach((_, j) => paths.push(['status', 'tags', String(i), 'items', String(j), 'dockerImageReference']));
  });
  return paths;
}

/**
 * `conditional/image_streams_of_namespace` {namespace}: every ImageStream of the namespace, its
 * registry and image references x-ed. Nothing on a cluster without the image API.
 */
export const imageStreamsOfNamespace = defineGatheringFunction({
  description: "The ImageStreams of the rule's namespace, with their repositories and image references anonymized.",
  paths: ['conditional/namespaces/{namespace}/imagestreams/{name}.json'],
  permissions: [{ group: 'image.openshift.io', resource: 'imagestreams', verbs: ['list'] }],
  async *gather(ctx) {
    const namespace = stringParam(ctx.params, 'namespace');
    for await (const stream of ctx.kube.list<ImageStream>({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream' }, { namespace })) {
      const masked = withMaskedFields(stream, imageStreamMaskedPaths(stream));
      yield record({ name: `conditional/namespaces/${namespace}/imagestreams/${stream.metadata?.name ?? ''}`, item: resource(masked) });
    }
  },
});
