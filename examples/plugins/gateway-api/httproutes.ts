import { defineGatheringFunction, json, record } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { GATEWAY_API_GROUP, RECORD_ROOT } from './gateway-api-group.ts';

interface HttpRoute extends KubeObject {
  spec?: { hostnames?: unknown[]; parentRefs?: unknown[]; rules?: unknown[]; [key: string]: unknown };
}

/** The HTTPRoutes of one namespace, counted. */
export interface NamespaceRouteCounts {
  namespace: string;
  /** HTTPRoute objects. */
  routes: number;
  /** Rules over all of them. */
  rules: number;
  /** Distinct hostnames they match (a route without hostnames matches its listeners' hostnames). */
  hostnames: number;
}

/** What `config/gateway.networking.k8s.io/httproutes.json` holds. */
export interface HttpRouteCounts {
  total: number;
  /** One entry per namespace that has routes, sorted by namespace. */
  namespaces: NamespaceRouteCounts[];
}

/**
 * `gateway_api/httproutes`: how many HTTPRoutes each namespace has, with their rules and distinct
 * hostnames. Routes are many and describe applications, so only counts are kept, and memory does not
 * grow with the number of routes beyond one entry per namespace.
 */
export const httpRoutes = defineGatheringFunction({
  description: 'Gateway API HTTPRoutes counted per namespace (routes, rules, distinct hostnames), with the total.',
  paths: [`${RECORD_ROOT}/httproutes.json`],
  permissions: [{ group: GATEWAY_API_GROUP, resource: 'httproutes', verbs: ['list'] }],
  async *gather(ctx) {
    const type = await ctx.kube.discover(GATEWAY_API_GROUP, 'httproutes');
    if (type === undefined) return;
    const perNamespace = new Map<string, { routes: number; rules: number; hostnames: Set<string> }>();
    let total = 0;
    for await (const route of ctx.kube.list<HttpRoute>(type)) {
      const namespace = route.metadata?.namespace;
      if (namespace === undefined) continue;
      total++;
      let counts = perNamespace.get(namespace);
      if (counts === undefined) perNamespace.set(namespace, counts = { routes: 0, rules: 0, hostnames: new Set() });
      counts.routes++;
      counts.rules += Array.isArray(route.spec?.rules) ? route.spec.rules.length : 0;
      for (const hostname of route.spec?.hostnames ?? []) if (typeof hostname === 'string') counts.hostnames.add(hostname);
    }
    const result: HttpRouteCounts = {
      total,
      namespaces: [...perNamespace.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([namespace, c]) => ({ namespace, routes: c.routes, rules: c.rules, hostnames: c.hostnames.size })),
    };
    yield record({ name: `${RECORD_ROOT}/httproutes`, item: json(result) });
  },
});
