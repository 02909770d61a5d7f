import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';

/**
 * `clusterconfig/cost_management_metrics_configs`: every CostManagementMetricsConfig of the cost
 * management metrics operator. The record is named after the object only, not its namespace, as the
 * original names it. Records nothing when the operator is not installed.
 */
export const costManagementMetricsConfigs = defineGatheringFunction({
  description: 'Every CostManagementMetricsConfig (costmanagement-metrics-cfg.openshift.io), when the cost management metrics operator is installed.',
  paths: ['config/cost_management_metrics_configs/{name}.json'],
  permissions: [{ group: 'costmanagement-metrics-cfg.openshift.io', resource: 'costmanagementmetricsconfigs', verbs: ['list'] }],
  async *gather(ctx) {
    const type = { apiVersion: 'costmanagement-metrics-cfg.openshift.io/v1beta1', kind: 'CostManagementMetricsConfig' };
    for await (const config of ctx.kube.list(type)) {
      yield record({ name: `config/cost_management_metrics_configs/${config.metadata?.name ?? ''}`, item: resource(config) });
    }
  },
});
