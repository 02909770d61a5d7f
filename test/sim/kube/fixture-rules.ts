/**
 * How an extracted Insights archive maps back onto API objects: the inverse of the gatherers' record
 * paths (../shared/spec/original-operator.md §3). First matching rule wins.
 */
import { atPathIdentity, rebuildBoundVolume, rebuildCsr, rebuildDataHub, rebuildEvents, rebuildMonitoringInstances, rebuildSecret, wrapSection } from './fixture-rebuild.ts';
import type { Rebuilt } from './fixture-rebuild.ts';
import { rebuildIngressCertSecrets, rebuildOlmOperators, rebuildOverlappingNamespaces, rebuildSdnAnnotated } from './fixture-aggregates.ts';
import { rebuildApiRequestCounts } from './fixture-api-request-counts.ts';

/** Where the type comes from when the file does not carry apiVersion/kind (when it does, the file wins). */
export type TypeSource =
  | string                                // "apiVersion Kind"
  | { group: number | string; resource: number } // capture groups: API group, and kind or plural
  | 'own';                                // only the file's own apiVersion/kind

export interface ObjectRule {
  re: RegExp;
  type: TypeSource;
  /** The identity the path encodes: a capture index, a fixed name, or derived from the match. */
  name: number | string | ((m: RegExpExecArray) => string);
  namespace?: number;
}

export interface RebuildRule {
  re: RegExp;
  rebuild: (raw: unknown, m: RegExpExecArray) => Rebuilt[];
}

export interface SkipRule { re: RegExp; reason: string }

/** `config/configmaps/{ns}/{name}/{key}`: collected per ConfigMap, then rebuilt. */
export const CONFIGMAP_KEY = /^config\/configmaps\/([^/]+)\/([^/]+)\/([^/]+)$/;

/** `config/node/logs/{node}.log`: kubelet journal lines (node_logs), served as the node's journal (fixture-parsed-logs.ts). */
export const NODE_JOURNAL = /^config\/node\/logs\/([^/]+)\.log$/;
/** `namespaces/{ns}/pods/{pod}/virt-launcher.json`: a VM's QEMU command line, served in its virt-launcher's log. */
export const VIRT_LAUNCHER_LOG = /^namespaces\/([^/]+)\/pods\/([^/]+)\/virt-launcher\.json$/;

export const SKIP_RULES: readonly SkipRule[] = [
  { re: /\.log$/, reason: 'log excerpt of no pod' },
  { re: /^insights-operator\//, reason: "the operator's metadata about its own run" },
  // The ingress certificates aggregate is turned back into the Secrets it was computed from (REBUILD_RULES).
  { re: /^aggregated\/(?!(ingress_controllers_certs|pods_and_netnamespaces_with_sdn_annotations|custom_prometheuses_alertmanagers)\.json$)/, reason: 'aggregate computed by a gatherer' },
  { re: /^config\/id$/, reason: 'the cluster id as raw text (from ClusterVersion spec.clusterID)' },
  { re: /^config\/metrics$/, reason: 'Prometheus metrics text' },
  { re: /^config\/(alerts|silenced_alerts|tsdb)\.json$/, reason: 'Prometheus/Alertmanager API data' },
  {
    re: /^config\/(running_containers|workload_info|helmchart_info|installplans|podnetworkconnectivitychecks|serviceaccounts|versioned_object_revision_counts)\.json$/,
    reason: 'aggregate computed by a gatherer',
  },
  { re: /^conditional\/alerts\/(?![^/]+\/api_request_counts\.json$)/, reason: 'aggregate computed by a conditional gatherer' },
];

const cfg = (kind: string): string => `config.openshift.io/v1 ${kind}`;
const mco = (kind: string): string => `machineconfiguration.openshift.io/v1 ${kind}`;

export const REBUILD_RULES: readonly RebuildRule[] = [
  { re: /^config\/certificatesigningrequests\/([^/]+)\.json$/, rebuild: rebuildCsr },
  { re: /^config\/storage\/([^/]+)\/cephclusters\/([^/]+)\.json$/, rebuild: wrapSection('ceph.rook.io/v1', 'CephCluster', 'status') },
  { re: /^namespaces\/([^/]+)\/customresources\/([^/]+)\.json$/, rebuild: wrapSection('nfd.k8s-sigs.io/v1alpha1', 'NodeFeature', 'spec') },
  { re: /^config\/secrets\/([^/]+)\/([^/]+)\/data\.json$/, rebuild: rebuildSecret },
  // Stitched files: both cost configs hold one object's name, the collector another namespace's.
  { re: /^config\/cost_management_metrics_configs\/([^/]+)\.json$/, rebuild: atPathIdentity(1) },
  { re: /^config\/opentelemetry\/([^/]+)\/([^/]+)\.json$/, rebuild: atPathIdentity(2, 1) },
  { re: /^events\/([^/]+)\.json$/, rebuild: rebuildEvents },
  { re: /^aggregated\/ingress_controllers_certs\.json$/, rebuild: rebuildIngressCertSecrets },
  { re: /^config\/namespaces_with_overlapping_uids\.json$/, rebuild: rebuildOverlappingNamespaces },
  { re: /^config\/olm_operators\.json$/, rebuild: rebuildOlmOperators },
  { re: /^aggregated\/pods_and_netnamespaces_with_sdn_annotations\.json$/, rebuild: rebuildSdnAnnotated },
  { re: /^aggregated\/custom_prometheuses_alertmanagers\.json$/, rebuild: rebuildMonitoringInstances },
  { re: /^config\/persistentvolumes\/([^/]+)\.json$/, rebuild: rebuildBoundVolume },
  { re: /^customresources\/installers\.datahub\.sap\.com\/datahubs\/[^/]+\/[^/]+\.json$/, rebuild: rebuildDataHub },
  { re: /^conditional\/alerts\/[^/]+\/api_request_counts\.json$/, rebuild: rebuildApiRequestCounts },
];

export const OBJECT_RULES: readonly ObjectRule[] = [
  { re: /^config\/version\.json$/, type: cfg('ClusterVersion'), name: 'version' },
  { re: /^config\/(infrastructure|network|proxy|featuregate|apiserver|authentication|image|ingress|oauth)\.json$/, type: { group: 'config.openshift.io', resource: 1 }, name: 'cluster' },
  { re: /^config\/clusteroperator\/([^/]+)\.json$/, type: cfg('ClusterOperator'), name: 1 },
  { re: /^config\/clusteroperator\/([^/]+)\/([^/]+)\/(?:([^/]+)\/)?([^/]+)\.json$/, type: { group: 1, resource: 2 }, name: 4, namespace: 3 },
  { re: /^config\/schedulers\/([^/]+)\.json$/, type: cfg('Scheduler'), name: 1 },
  { re: /^config\/node\/([^/]+)\.json$/, type: 'v1 Node', name: 1 },
  { re: /^config\/pod\/([^/]+)\/([^/]+)\.json$/, type: 'v1 Pod', name: 2, namespace: 1 },
  { re: /^conditional\/namespaces\/([^/]+)\/pods\/([^/]+)\/[^/]+\.json$/, type: 'v1 Pod', name: 2, namespace: 1 },
  { re: /^conditional\/namespaces\/([^/]+)\/imagestreams\/([^/]+)\.json$/, type: 'image.openshift.io/v1 ImageStream', name: 2, namespace: 1 },
  { re: /^config\/machineconfigpools\/([^/]+)\.json$/, type: mco('MachineConfigPool'), name: 1 },
  { re: /^config\/machineconfigs\/([^/]+)\.json$/, type: mco('MachineConfig'), name: 1 },
  { re: /^config\/kubeletconfigs\/([^/]+)\.json$/, type: mco('KubeletConfig'), name: 1 },
  { re: /^config\/containerruntimeconfigs\/([^/]+)\.json$/, type: mco('ContainerRuntimeConfig'), name: 1 },
  { re: /^config\/machines\/([^/]+)\/([^/]+)\.json$/, type: 'machine.openshift.io/v1beta1 Machine', name: 2, namespace: 1 },
  { re: /^machinesets\/([^/]+)\/([^/]+)\.json$/, type: 'machine.openshift.io/v1beta1 MachineSet', name: 2, namespace: 1 },
  { re: /^config\/machinehealthchecks\/([^/]+)\/([^/]+)\.json$/, type: 'machine.openshift.io/v1beta1 MachineHealthCheck', name: 2, namespace: 1 },
  { re: /^config\/controlplanemachinesets\/([^/]+)\/([^/]+)\.json$/, type: 'machine.openshift.io/v1 ControlPlaneMachineSet', name: 2, namespace: 1 },
  { re: /^config\/machineautoscalers\/([^/]+)\/([^/]+)\.json$/, type: 'autoscaling.openshift.io/v1beta1 MachineAutoscaler', name: 2, namespace: 1 },
  { re: /^config\/storage\/storageclasses\/([^/]+)\.json$/, type: 'storage.k8s.io/v1 StorageClass', name: 1 },
  { re: /^config\/storage\/([^/]+)\/storageclusters\/([^/]+)\.json$/, type: 'ocs.openshift.io/v1 StorageCluster', name: 2, namespace: 1 },
  { re: /^config\/pdbs\/([^/]+)\/([^/]+)\.json$/, type: 'policy/v1 PodDisruptionBudget', name: 2, namespace: 1 },
  { re: /^config\/mutatingwebhookconfigurations\/([^/]+)\.json$/, type: 'admissionregistration.k8s.io/v1 MutatingWebhookConfiguration', name: 1 },
  { re: /^config\/validatingwebhookconfigurations\/([^/]+)\.json$/, type: 'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration', name: 1 },
  { re: /^config\/crd\/([^/]+)\.json$/, type: 'apiextensions.k8s.io/v1 CustomResourceDefinition', name: 1 },
  { re: /^config\/securitycontextconstraint\/([^/]+)\.json$/, type: 'security.openshift.io/v1 SecurityContextConstraints', name: 1 },
  // The SAP gatherer reads these through authorization.openshift.io (their selfLink says so) and writes ':' as '_'.
  { re: /^config\/clusterrolebinding\/([^/]+)\.json$/, type: 'authorization.openshift.io/v1 ClusterRoleBinding', name: (m) => m[1]!.replaceAll('_', ':') },
  { re: /^config\/jaegertracing\.io\/([^/]+)\.json$/, type: 'own', name: 1 },
  { re: /^config\/(?:logging|subscriptions)\/([^/]+)\/([^/]+)\.json$/, type: 'own', name: 2, namespace: 1 },
  { re: /^cluster-scoped-resources\/([^/]+)\/([^/]+)\/([^/]+)\.json$/, type: { group: 1, resource: 2 }, name: 3 },
  { re: /^customresources\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)\.json$/, type: { group: 1, resource: 2 }, name: 4, namespace: 3 },
  { re: /^namespaces\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)\.json$/, type: { group: 2, resource: 3 }, name: 4, namespace: 1 },
  { re: /^namespaces\/([^/]+)\/([^/]+)\.json$/, type: 'own', name: 2, namespace: 1 },
];
