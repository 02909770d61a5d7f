import { record, resource } from 'insights-operator/plugin-api';
import type { GatherContext, GatherRecord, KubeObject, ResourceType } from 'insights-operator/plugin-api';

/**
 * `<prefix>/<namespace>/<name>` for a namespaced object, `<prefix>/<name>` for a cluster-scoped one, as
 * the original names the records of the kinds it lists through its dynamic client.
 * @param prefix - archive folder, for example `config/machines`
 * @param object - the API object
 */
export function objectRecordName(prefix: string, object: KubeObject): string {
  const namespace = object.metadata?.namespace;
  const name = object.metadata?.name ?? '';
  return namespace ? `${prefix}/${namespace}/${name}` : `${prefix}/${name}`;
}

/**
 * Lists every object of a kind, page by page, and yields each as a Resource record (without
 * managedFields) at `<prefix>/[<namespace>/]<name>`. A kind the cluster does not serve (its operator or
 * CRD is not installed) yields nothing, as the original ignores NotFound for these lists; any other API
 * failure propagates and fails the function.
 * @param ctx - the gathering context
 * @param type - apiVersion and kind to list
 * @param prefix - archive folder of the records
 * @param transform - masks or drops what the original does not keep; gets the object as served
 */
export async function* gatherListedObjects(
  ctx: GatherContext<unknown>,
  type: ResourceType,
  prefix: string,
  transform?: (object: KubeObject) => KubeObject,
): AsyncGenerator<GatherRecord> {
  for await (const object of ctx.kube.list(type)) {
    yield record({ name: objectRecordName(prefix, object), item: resource(transform === undefined ? object : transform(object)) });
  }
}
