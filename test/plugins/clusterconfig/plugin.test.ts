import { describe, expect, it } from 'vitest';
import { loadPlugins } from '../../../core/loader/plugin-loader.ts';

/** The functions of the original's `clusterconfig` gatherer this plugin implements so far, by key. */
const IMPLEMENTED = [
  // The foundation's eight.
  'version', 'operators', 'nodes', 'infrastructures', 'networks', 'proxies', 'feature_gates', 'container_images',
  // Platform functions.
  'authentication', 'oauths', 'image', 'ingress', 'cluster_apiserver', 'schedulers', 'config_maps', 'pdbs',
  'storage_classes', 'crds', 'certificate_signing_requests', 'mutating_webhook_configurations',
  'validating_webhook_configurations', 'machine_config_pools', 'machine_configs', 'machines', 'machine_sets',
  'machine_healthchecks', 'machine_autoscalers', 'control_plane_machine_sets', 'kubeletconfigs',
  'container_runtime_configs', 'image_registries', 'image_pruners', 'clusterroles', 'service_accounts',
  'support_secret', 'overlapping_namespace_uids', 'openshift_machine_api_events', 'operators_pods_and_events',
  'revisioned_objects', 'olm_operators', 'subscriptions', 'install_plans',
  'number_of_pods_and_netnamespaces_with_sdn_annotations', 'pod_network_connectivity_checks', 'ingress_certificates',
];

describe('clusterconfig plugin', () => {
  it('loads through the core loader with the original function names', async () => {
    const { plugins, failures } = await loadPlugins();
    expect(failures.filter((f) => f.directory.endsWith('clusterconfig'))).toEqual([]);
    const plugin = plugins.find((p) => p.manifest.name === 'clusterconfig');
    expect(plugin).toBeDefined();
    expect(IMPLEMENTED).toHaveLength(45);
    expect(Object.keys(plugin!.plugin.functions).sort()).toEqual([...IMPLEMENTED].sort());
  });
});
