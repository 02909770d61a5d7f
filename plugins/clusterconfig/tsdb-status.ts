import { coreServices, defineGatheringFunction, raw, record } from 'insights-operator/plugin-api';

/**
 * `clusterconfig/tsdb_status`: Prometheus' TSDB statistics (`/api/v1/status/tsdb`: head block, series
 * and label cardinality by metric and label), as Prometheus answers.
 */
export const tsdbStatus = defineGatheringFunction({
  description: "Prometheus' TSDB status (/api/v1/status/tsdb): head block statistics and the largest series and label counts.",
  paths: ['config/tsdb.json'],
  permissions: [],
  services: { prometheus: coreServices.prometheus },
  async *gather(ctx) {
    const body = await ctx.services.prometheus.get('/api/v1/status/tsdb', { signal: ctx.signal, accept: 'application/json' });
    yield record({ name: 'config/tsdb', item: raw(body, 'json') });
  },
});
