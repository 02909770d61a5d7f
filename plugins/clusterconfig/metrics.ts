import { coreServices, defineGatheringFunction, raw, record } from 'insights-operator/plugin-api';

/**
 * The series the original federates: installer, namespace CPU and memory, vSphere hardware versions,
 * platform, Helm and DeploymentConfig usage, etcd slowness, router (HAProxy) server threshold.
 */
export const FEDERATED_SERIES: readonly string[] = Object.freeze([
  'cluster_installer',
  'namespace:container_cpu_usage:sum',
  'namespace:container_memory_usage_bytes:sum',
  'vsphere_node_hw_version_total',
  'virt_platform',
  'console_helm_installs_total',
  'console_helm_upgrades_total',
  'console_helm_uninstalls_total',
  'openshift_apps_deploymentconfigs_strategy_total',
  'etcd_server_slow_apply_total',
  'etcd_server_slow_read_indexes_total',
  'haproxy_exporter_server_threshold',
]);

/**
 * `clusterconfig/metrics`: the most recent samples of {@link FEDERATED_SERIES} from Prometheus'
 * `/federate`, in the Prometheus text format as it answers. Always stored, as the original marks it:
 * the archive's size limit never drops it.
 */
export const metrics = defineGatheringFunction({
  description: 'The latest samples of selected cluster metrics (installer, namespace CPU and memory, platform, Helm, etcd, router) from Prometheus /federate; always stored.',
  paths: ['config/metrics'],
  permissions: [],
  services: { prometheus: coreServices.prometheus },
  async *gather(ctx) {
    const body = await ctx.services.prometheus.get('/federate', {
      query: { 'match[]': FEDERATED_SERIES },
      signal: ctx.signal,
      // The text format: Prometheus would answer protobuf to a client that asks for it.
      accept: 'text/plain; version=0.0.4',
    });
    yield record({ name: 'config/metrics', item: raw(body), alwaysStored: true });
  },
});
