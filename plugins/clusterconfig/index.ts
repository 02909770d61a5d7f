/**
 * The `clusterconfig` gatherer: the cluster's configuration, collected on every gather, as the original
 * operator's `clusterconfig` gatherer (function keys are the original's `clusterconfig/<key>`).
 * @packageDocumentation
 */
import { definePlugin } from 'insights-operator/plugin-api';
import { authentication } from './authentication.ts';
import { certificateSigningRequests } from './certificate-signing-requests.ts';
import { clusterApiserver } from './cluster-apiserver.ts';
import { clusterroles } from './clusterroles.ts';
import { configMaps } from './config-maps.ts';
import { containerImages } from './container-images.ts';
import { containerRuntimeConfigs } from './container-runtime-configs.ts';
import { controlPlaneMachineSets } from './control-plane-machine-sets.ts';
import { crds } from './crds.ts';
import { featureGates } from './feature-gates.ts';
import { imagePruners } from './image-pruners.ts';
import { imageRegistries } from './image-registries.ts';
import { image } from './image.ts';
import { infrastructures } from './infrastructures.ts';
import { ingressCertificates } from './ingress-certificates.ts';
import { ingress } from './ingress.ts';
import { installPlans } from './install-plans.ts';
import { kubeletconfigs } from './kubeletconfigs.ts';
import { machineAutoscalers } from './machine-autoscalers.ts';
import { machineConfigPools } from './machine-config-pools.ts';
import { machineConfigs } from './machine-configs.ts';
import { machineHealthchecks } from './machine-healthchecks.ts';
import { machineSets } from './machine-sets.ts';
import { machines } from './machines.ts';
import { mutatingWebhookConfigurations } from './mutating-webhook-configurations.ts';
import { networks } from './networks.ts';
import { nodes } from './nodes.ts';
import { numberOfPodsAndNetnamespacesWithSdnAnnotations } from './number-of-pods-and-netnamespaces-with-sdn-annotations.ts';
import { oauths } from './oauths.ts';
import { olmOperators } from './olm-operators.ts';
import { openshiftMachineApiEvents } from './openshift-machine-api-events.ts';
import { operatorsPodsAndEvents } from './operators-pods-and-events.ts';
import { operators } from './operators.ts';
import { overlappingNamespaceUids } from './overlapping-namespace-uids.ts';
import { pdbs } from './pdbs.ts';
import { podNetworkConnectivityChecks } from './pod-network-connectivity-checks.ts';
import { proxies } from './proxies.ts';
import { revisionedObjects } from './revisioned-objects.ts';
import { schedulers } from './schedulers.ts';
import { serviceAccounts } from './service-accounts.ts';
import { storageClasses } from './storage-classes.ts';
import { subscriptions } from './subscriptions.ts';
import { supportSecret } from './support-secret.ts';
import { validatingWebhookConfigurations } from './validating-webhook-configurations.ts';
import { version } from './version.ts';

/** The clusterconfig plugin. */
export default definePlugin({
  name: 'clusterconfig',
  functions: {
    authentication,
    certificate_signing_requests: certificateSigningRequests,
    cluster_apiserver: clusterApiserver,
    clusterroles,
    config_maps: configMaps,
    container_images: containerImages,
    container_runtime_configs: containerRuntimeConfigs,
    control_plane_machine_sets: controlPlaneMachineSets,
    crds,
    feature_gates: featureGates,
    image,
    image_pruners: imagePruners,
    image_registries: imageRegistries,
    infrastructures,
    ingress,
    ingress_certificates: ingressCertificates,
    install_plans: installPlans,
    kubeletconfigs,
    machine_autoscalers: machineAutoscalers,
    machine_config_pools: machineConfigPools,
    machine_configs: machineConfigs,
    machine_healthchecks: machineHealthchecks,
    machine_sets: machineSets,
    machines,
    mutating_webhook_configurations: mutatingWebhookConfigurations,
    networks,
    nodes,
    number_of_pods_and_netnamespaces_with_sdn_annotations: numberOfPodsAndNetnamespacesWithSdnAnnotations,
    oauths,
    olm_operators: olmOperators,
    openshift_machine_api_events: openshiftMachineApiEvents,
    operators,
    operators_pods_and_events: operatorsPodsAndEvents,
    overlapping_namespace_uids: overlappingNamespaceUids,
    pdbs,
    pod_network_connectivity_checks: podNetworkConnectivityChecks,
    proxies,
    revisioned_objects: revisionedObjects,
    schedulers,
    service_accounts: serviceAccounts,
    storage_classes: storageClasses,
    subscriptions,
    support_secret: supportSecret,
    validating_webhook_configurations: validatingWebhookConfigurations,
    version,
  },
});
