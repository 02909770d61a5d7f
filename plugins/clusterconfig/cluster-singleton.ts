import { record, resource } from 'insights-operator/plugin-api';
import type { GatherContext, GatherRecord, KubeObject } from 'insights-operator/plugin-api';

/**
 * Reads the `cluster` object of a `config.openshift.io/v1` kind and yields it as one Resource record.
 * A missing object (or a cluster that does not serve the kind) yields nothing, as the original ignores
 * NotFound for these singletons; any other API failure propagates and fails the function.
 * @param ctx - the gathering context
 * @param kind - the config kind, for example `Network`
 * @param recordName - archive path without extension, for example `config/network`
 * @param anonymize - masks the fields the original anonymizes before the object is recorded; it gets
 *   the object as served and returns the one to record
 */
export async function* gatherClusterSingleton(
  ctx: GatherContext<unknown>,
  kind: string,
  recordName: string,
  anonymize?: (object: KubeObject) => KubeObject,
): AsyncGenerator<GatherRecord> {
  const object = await ctx.kube.get({ apiVersion: 'config.openshift.io/v1', kind }, 'cluster');
  if (object === undefined) return;
  yield record({ name: recordName, item: resource(anonymize === undefined ? object : anonymize(object)) });
}
