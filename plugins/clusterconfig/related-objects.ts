import { KubeApiError } from 'insights-operator/plugin-api';
import type { GatherContext, KubeObject } from 'insights-operator/plugin-api';

/** A `status.relatedObjects` entry of a ClusterOperator. */
export interface ObjectReference {
  group?: string;
  resource?: string;
  namespace?: string;
  name?: string;
}

/**
 * Reads a related object; `undefined` when it cannot be found or read. The original only logs these
 * failures, since a related object is a detail of the cluster operator record.
 */
export async function readRelatedObject(
  ctx: GatherContext<unknown>,
  ref: ObjectReference & { group: string; resource: string; name: string },
): Promise<KubeObject | undefined> {
  try {
    // Discovery, as the original's dynamic client; it matches a kind too, which the ingress operator
    // writes where the plural belongs (`IngressController`).
    const type = await ctx.kube.discover(ref.group, ref.resource);
    if (type === undefined) {
      ctx.log.debug(`resource ${ref.resource}.${ref.group} is not served`);
      return undefined;
    }
    return await ctx.kube.get(type, ref.name, ref.namespace === '' ? undefined : ref.namespace);
  } catch (error) {
    if (!(error instanceof KubeApiError)) throw error;
    ctx.log.info({ err: error.message }, `unable to get ${ref.resource}.${ref.group} ${ref.name}`);
    return undefined;
  }
}
