import { defineGatheringFunction, GatherError, record, resource } from 'insights-operator/plugin-api';

/** At most this many Jaeger instances are recorded (the original's cap). */
export const JAEGER_LIMIT = 5;

/**
 * `clusterconfig/jaegers`: up to {@link JAEGER_LIMIT} Jaeger instances of the Jaeger operator, in the
 * order the API lists them. Records are named after the object only (`config/jaegertracing.io/{name}`),
 * as the original names them. More instances than the cap is reported as an error, as the original
 * does, with the first ones kept; unlike the original, exactly {@link JAEGER_LIMIT} is not an error,
 * since nothing was left out. Records nothing when the operator is not installed.
 */
export const jaegers = defineGatheringFunction({
  description: `Up to ${JAEGER_LIMIT} Jaegers (jaegertracing.io), when the Jaeger operator is installed.`,
  paths: ['config/jaegertracing.io/{name}.json'],
  permissions: [{ group: 'jaegertracing.io', resource: 'jaegers', verbs: ['list'] }],
  async *gather(ctx) {
    let recorded = 0;
    // One object past the cap is enough to know that the cap was exceeded; the rest is never fetched.
    for await (const jaeger of ctx.kube.list({ apiVersion: 'jaegertracing.io/v1', kind: 'Jaeger' }, { limit: JAEGER_LIMIT + 1 })) {
      if (recorded === JAEGER_LIMIT) {
        ctx.reportError(new GatherError(`limit ${JAEGER_LIMIT} for number of gathered jaegers.jaegertracing.io resources exceeded`));
        return;
      }
      yield record({ name: `config/jaegertracing.io/${jaeger.metadata?.name ?? ''}`, item: resource(jaeger) });
      recorded += 1;
    }
  },
});
