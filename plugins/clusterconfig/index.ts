/**
 * The `clusterconfig` gatherer: the cluster's configuration, collected on every gather, as the original
 * operator's `clusterconfig` gatherer (function keys are the original's `clusterconfig/<key>`).
 * @packageDocumentation
 */
import { definePlugin } from 'insights-operator/plugin-api';
import { activeAlerts } from './active-alerts.ts';
import { aggregatedMonitoringCrNames } from './aggregated-monitoring-cr-names.ts';
import { alertmanagerConfig } from './alertmanager-config.ts';
import { authentication } from './authentication.ts';
import { cephCluster } from './ceph-cluster.ts';
import { certificateSigningRequests } from './certificate-signing-requests.ts';
import { clusterApiserver } from './cluster-apiserver.ts';
import { clusterroles } from './clusterroles.ts';
import { configMaps } from './config-maps.ts';
import { containerImages } from './container-images.ts';
import { containerRuntimeConfigs } from './container-runtime-configs.ts';
import { controlPlaneMachineSets } from './control-plane-machine-sets.ts';
import { costManagementMetricsConfigs } from './cost-management-metrics-configs.ts';
import { crds } from './crds.ts';
import { dvoMetrics } from './dvo-metrics.ts';
import { featureGates } from './feature-gates.ts';
import { imagePruners } from './image-pruners.ts';
import { imageRegistries } from './image-registries.ts';
import { image } from './image.ts';
import { infrastructures } from './infrastructures.ts';
import { ingressCertificates } from './ingress-certificates.ts';
import { ingress } from './ingress.ts';
import { installPlans } from './install-plans.ts';
import { jaegers } from './jaegers.ts';
import { kubeletconfigs } from './kubeletconfigs.ts';
import { lokistack } from './lokistack.ts';
import { machineAutoscalers } from './machine-autoscalers.ts';
import { machineConfigPools } from './machine-config-pools.ts';
import { machineConfigs } from './machine-configs.ts';
import { machineHealthchecks } from './machine-healthchecks.ts';
import { machineSets } from './machine-sets.ts';
import { machines } from './machines.ts';
import { metrics } from './metrics.ts';
import { monitoringPersistentVolumes } from './monitoring-persistent-volumes.ts';
import { mutatingWebhookConfigurations } from './mutating-webhook-configurations.ts';
import { networks } from './networks.ts';
import { nodeFeatures } from './node-features.ts';
import { nodeLogs } from './node-logs.ts';
import { nodenetworkconfigurationpolicies } from './nodenetworkconfigurationpolicies.ts';
import { nodenetworkstates } from './nodenetworkstates.ts';
import { nodes } from './nodes.ts';
import { numberOfPodsAndNetnamespacesWithSdnAnnotations } from './number-of-pods-and-netnamespaces-with-sdn-annotations.ts';
import { oauths } from './oauths.ts';
import { olmOperators } from './olm-operators.ts';
import { openshiftLogging } from './openshift-logging.ts';
import { openshiftMachineApiEvents } from './openshift-machine-api-events.ts';
import { openstackControlplanes } from './openstack-controlplanes.ts';
import { openstackDataplanedeployments } from './openstack-dataplanedeployments.ts';
import { openstackDataplanenodesets } from './openstack-dataplanenodesets.ts';
import { openstackVersion } from './openstack-version.ts';
import { opentelemetryCollectors } from './opentelemetry-collectors.ts';
import { operatorsPodsAndEvents } from './operators-pods-and-events.ts';
import { operators } from './operators.ts';
import { overlappingNamespaceUids } from './overlapping-namespace-uids.ts';
import { pdbs } from './pdbs.ts';
import { podNetworkConnectivityChecks } from './pod-network-connectivity-checks.ts';
import { proxies } from './proxies.ts';
import { qemuKubevirtLauncherLogs } from './qemu-kubevirt-launcher-logs.ts';
import { revisionedObjects } from './revisioned-objects.ts';
import { sapConfig } from './sap-config.ts';
import { sapDatahubs } from './sap-datahubs.ts';
import { sapPods } from './sap-pods.ts';
import { schedulers } from './schedulers.ts';
import { serviceAccounts } from './service-accounts.ts';
import { silencedAlerts } from './silenced-alerts.ts';
import { storageClasses } from './storage-classes.ts';
import { storageCluster } from './storage-cluster.ts';
import { subscriptions } from './subscriptions.ts';
import { supportSecret } from './support-secret.ts';
import { tsdbStatus } from './tsdb-status.ts';
import { validatingWebhookConfigurations } from './validating-webhook-configurations.ts';
import { version } from './version.ts';

/** The clusterconfig plugin. */
export default definePlugin({
  name: 'clusterconfig',
  functions: {
    active_alerts: activeAlerts,
    aggregated_monitoring_cr_names: aggregatedMonitoringCrNames,
    alertmanager_config: alertmanagerConfig,
    authentication,
    ceph_cluster: cephCluster,
    certificate_signing_requests: certificateSigningRequests,
    cluster_apiserver: clusterApiserver,
    clusterroles,
    config_maps: configMaps,
    container_images: containerImages,
    container_runtime_configs: containerRuntimeConfigs,
    control_plane_machine_sets: controlPlaneMachineSets,
    cost_management_metrics_configs: costManagementMetricsConfigs,
    crds,
    dvo_metrics: dvoMetrics,
    feature_gates: featureGates,
    image,
    image_pruners: imagePruners,
    image_registries: imageRegistries,
    infrastructures,
    ingress,
    ingress_certificates: ingressCertificates,
    install_plans: installPlans,
    jaegers,
    kubeletconfigs,
    lokistack,
    machine_autoscalers: machineAutoscalers,
    machine_config_pools: machineConfigPools,
    machine_configs: machineConfigs,
    machine_healthchecks: machineHealthchecks,
    machine_sets: machineSets,
    machines,
    metrics,
    monitoring_persistent_volumes: monitoringPersistentVolumes,
    mutating_webhook_configurations: mutatingWebhookConfigurations,
    networks,
    node_features: nodeFeatures,
    node_logs: nodeLogs,
    nodenetworkconfigurationpolicies,
    nodenetworkstates,
    nodes,
    number_of_pods_and_netnamespaces_with_sdn_annotations: numberOfPodsAndNetnamespacesWithSdnAnnotations,
    oauths,
    olm_operators: olmOperators,
    openshift_logging: openshiftLogging,
    openshift_machine_api_events: openshiftMachineApiEvents,
    openstack_controlplanes: openstackControlplanes,
    openstack_dataplanedeployments: openstackDataplanedeployments,
    openstack_dataplanenodesets: openstackDataplanenodesets,
    openstack_version: openstackVersion,
    opentelemetry_collectors: opentelemetryCollectors,
    operators,
    operators_pods_and_events: operatorsPodsAndEvents,
    overlapping_namespace_uids: overlappingNamespaceUids,
    pdbs,
    pod_network_connectivity_checks: podNetworkConnectivityChecks,
    proxies,
    qemu_kubevirt_launcher_logs: qemuKubevirtLauncherLogs,
    revisioned_objects: revisionedObjects,
    sap_config: sapConfig,
    sap_datahubs: sapDatahubs,
    sap_pods: sapPods,
    schedulers,
    service_accounts: serviceAccounts,
    silenced_alerts: silencedAlerts,
    storage_classes: storageClasses,
    storage_cluster: storageCluster,
    subscriptions,
    support_secret: supportSecret,
    tsdb_status: tsdbStatus,
    validating_webhook_configurations: validatingWebhookConfigurations,
    version,
  },
});
