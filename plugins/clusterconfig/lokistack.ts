import { defineGatheringFunction, GatherError, record, resource } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';

/** At most this many LokiStacks are recorded (the original's cap). */
export const LOKISTACK_LIMIT = 20;

/** Only the platform's logging stacks are collected: those in namespaces with this prefix. */
const PLATFORM_NAMESPACE_PREFIX = 'openshift-';

/** Tenants whose retention streams may carry a `selector`. */
const TENANTS = ['application', 'infrastructure', 'audit'] as const;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `clusterconfig/lokistack`: up to {@link LOKISTACK_LIMIT} LokiStacks of the `openshift-*` namespaces,
 * with the `selector` of every per-tenant retention stream removed: those LogQL selectors name the
 * customer's namespaces, applications and labels. The record path is the original code's
 * `namespace/{ns}/loki.grafana.com/lokistacks/{name}` (singular `namespace/`). A LokiStack elsewhere, or
 * more than the cap, is reported once as an error, as the original does, and the others are still
 * recorded. Records nothing when the Loki operator is not installed.
 */
export const lokistack = defineGatheringFunction({
  description: `Up to ${LOKISTACK_LIMIT} LokiStacks (loki.grafana.com) in openshift-* namespaces, without the selectors of their retention streams.`,
  paths: ['namespace/{namespace}/loki.grafana.com/lokistacks/{name}.json'],
  permissions: [{ group: 'loki.grafana.com', resource: 'lokistacks', verbs: ['list'] }],
  async *gather(ctx) {
    let recorded = 0;
    let platformStacks = 0;
    let elsewhere = 0;
    for await (const stack of ctx.kube.list({ apiVersion: 'loki.grafana.com/v1', kind: 'LokiStack' })) {
      const { namespace = '', name = '' } = stack.metadata ?? {};
      if (!namespace.startsWith(PLATFORM_NAMESPACE_PREFIX)) {
        ctx.log.info(`LokiStack ${namespace}/${name} is in an unexpected namespace`);
        elsewhere += 1;
        continue;
      }
      // Counted to the end so that the error says how many there were.
      platformStacks += 1;
      if (recorded === LOKISTACK_LIMIT) continue;
      const cleaned = withoutStreamSelectors(stack);
      if (typeof cleaned === 'string') {
        // The selectors cannot be found for certain, so the stack is not recorded at all.
        ctx.reportError(new GatherError(`lokistack ${namespace}/${name}: ${cleaned}`));
        continue;
      }
      yield record({ name: `namespace/${namespace}/loki.grafana.com/lokistacks/${name}`, item: resource(cleaned) });
      recorded += 1;
    }
    if (elsewhere > 0) ctx.reportError(new GatherError(`found ${elsewhere} LokiStack resource(s) in an unexpected namespace (not openshift-*)`));
    if (platformStacks > LOKISTACK_LIMIT) {
      ctx.reportError(new GatherError(`found ${platformStacks} LokiStack resources, limit (${LOKISTACK_LIMIT}) reached`));
    }
  },
});

/**
 * The stack without `selector` in `spec.limits.tenants.<tenant>.retention.streams[*]`, or why that
 * could not be done (a value on that path that is not the object or array the CRD defines).
 */
function withoutStreamSelectors(stack: KubeObject): KubeObject | string {
  const copy = structuredClone(stack);
  for (const tenant of TENANTS) {
    const path = ['spec', 'limits', 'tenants', tenant, 'retention'];
    let holder: unknown = copy;
    for (const key of path) {
      if (holder === undefined || holder === null) break;
      if (!isObject(holder)) return `a value above .${path.join('.')} is not an object`;
      holder = holder[key];
    }
    if (holder === undefined || holder === null) continue;
    if (!isObject(holder)) return `.${path.join('.')} is not an object`;
    if (holder.streams === undefined || holder.streams === null) continue;
    if (!Array.isArray(holder.streams)) return `.${path.join('.')}.streams is not an array`;
    for (const stream of holder.streams) if (isObject(stream)) delete stream.selector;
  }
  return copy;
}
