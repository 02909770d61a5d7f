import { defineGatheringFunction, GatherError, record, resource } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';

/** At most this many collectors are recorded (the original's cap). */
export const OPENTELEMETRY_COLLECTOR_LIMIT = 5;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `clusterconfig/opentelemetry_collectors`: up to {@link OPENTELEMETRY_COLLECTOR_LIMIT}
 * OpenTelemetryCollectors, read at `opentelemetry.io/v1beta1` (where `spec.config` is structured), with
 * `spec.config` cut down to its `service` section. Receivers, processors, exporters and extensions
 * carry endpoints, headers and credentials; `service` only says which of them are wired into which
 * pipeline. Reaching the cap is not an error, as in the original. Records nothing when the operator is
 * not installed.
 */
export const opentelemetryCollectors = defineGatheringFunction({
  description: `Up to ${OPENTELEMETRY_COLLECTOR_LIMIT} OpenTelemetryCollectors (opentelemetry.io), with only the "service" section of spec.config.`,
  paths: ['config/opentelemetry/{namespace}/{name}.json'],
  permissions: [{ group: 'opentelemetry.io', resource: 'opentelemetrycollectors', verbs: ['list'] }],
  async *gather(ctx) {
    let recorded = 0;
    for await (const collector of ctx.kube.list({ apiVersion: 'opentelemetry.io/v1beta1', kind: 'OpenTelemetryCollector' })) {
      const { namespace = '', name = '' } = collector.metadata ?? {};
      const cleaned = withServiceConfigOnly(collector);
      if (cleaned === undefined) {
        // Not the shape v1beta1 defines: nothing can be told apart from the secrets, so nothing is kept.
        ctx.reportError(new GatherError(`opentelemetrycollector ${namespace}/${name}: spec.config is not an object`));
        continue;
      }
      yield record({ name: `config/opentelemetry/${namespace}/${name}`, item: resource(cleaned) });
      if (++recorded === OPENTELEMETRY_COLLECTOR_LIMIT) {
        ctx.log.info(`the limit (${OPENTELEMETRY_COLLECTOR_LIMIT}) of gathered OpenTelemetryCollectors was reached`);
        return;
      }
    }
  },
});

/**
 * The collector with `spec.config` holding only its `service` key (an empty object when it has none);
 * unchanged when it has no `spec.config`; `undefined` when `spec.config` is not an object.
 */
function withServiceConfigOnly(collector: KubeObject): KubeObject | undefined {
  const spec = collector.spec;
  if (!isObject(spec) || !('config' in spec)) return collector;
  const config = spec.config;
  if (!isObject(config)) return undefined;
  return { ...collector, spec: { ...spec, config: 'service' in config ? { service: config.service } : {} } };
}
