/**
 * The resource types the simulator serves. One row per type; add a row to serve a new one.
 *
 * Row: [apiVersion, kind, plural, scope, shortNames?, verbs?]. `C` is cluster-scoped, `N` namespaced;
 * `verbs` overrides discovery's verbs for types that are not stored objects (the access reviews).
 * Kinds follow the real clusters' discovery documents so clients resolving kind → plural through
 * discovery (client-node's KubernetesObjectApi, kubectl) land on the same paths as on OpenShift.
 */
export type ResourceRow = readonly [apiVersion: string, kind: string, plural: string, scope: 'C' | 'N', shortNames?: readonly string[], verbs?: readonly string[]];

export const RESOURCE_TABLE: readonly ResourceRow[] = [
  // core
  ['v1', 'Namespace', 'namespaces', 'C', ['ns']],
  ['v1', 'Node', 'nodes', 'C', ['no']],
  ['v1', 'Pod', 'pods', 'N', ['po']],
  ['v1', 'ConfigMap', 'configmaps', 'N', ['cm']],
  ['v1', 'Secret', 'secrets', 'N'],
  ['v1', 'Event', 'events', 'N', ['ev']],
  ['v1', 'Service', 'services', 'N', ['svc']],
  ['v1', 'ServiceAccount', 'serviceaccounts', 'N', ['sa']],
  ['v1', 'PersistentVolume', 'persistentvolumes', 'C', ['pv']],
  ['v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', 'N', ['pvc']],
  ['v1', 'Endpoints', 'endpoints', 'N', ['ep']],
  ['v1', 'ReplicationController', 'replicationcontrollers', 'N', ['rc']],
  ['v1', 'ResourceQuota', 'resourcequotas', 'N', ['quota']],
  ['v1', 'LimitRange', 'limitranges', 'N', ['limits']],
  // built-in groups
  ['apps/v1', 'Deployment', 'deployments', 'N', ['deploy']],
  ['apps/v1', 'DaemonSet', 'daemonsets', 'N', ['ds']],
  ['apps/v1', 'ReplicaSet', 'replicasets', 'N', ['rs']],
  ['apps/v1', 'StatefulSet', 'statefulsets', 'N', ['sts']],
  ['apps/v1', 'ControllerRevision', 'controllerrevisions', 'N'],
  ['batch/v1', 'Job', 'jobs', 'N'],
  ['batch/v1', 'CronJob', 'cronjobs', 'N', ['cj']],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole', 'clusterroles', 'C'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'clusterrolebindings', 'C'],
  ['rbac.authorization.k8s.io/v1', 'Role', 'roles', 'N'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding', 'rolebindings', 'N'],
  ['storage.k8s.io/v1', 'StorageClass', 'storageclasses', 'C', ['sc']],
  ['storage.k8s.io/v1', 'CSIDriver', 'csidrivers', 'C'],
  ['policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets', 'N', ['pdb']],
  ['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', 'C'],
  ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', 'C'],
  ['certificates.k8s.io/v1', 'CertificateSigningRequest', 'certificatesigningrequests', 'C', ['csr']],
  ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'customresourcedefinitions', 'C', ['crd', 'crds']],
  ['networking.k8s.io/v1', 'Ingress', 'ingresses', 'N', ['ing']],
  ['networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicies', 'N', ['netpol']],
  ['events.k8s.io/v1', 'Event', 'events', 'N', ['ev']],
  // create-only reviews, answered by access-review.ts and never stored
  ['authorization.k8s.io/v1', 'LocalSubjectAccessReview', 'localsubjectaccessreviews', 'N', [], ['create']],
  ['authorization.k8s.io/v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', 'C', [], ['create']],
  ['authorization.k8s.io/v1', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', 'C', [], ['create']],
  ['authorization.k8s.io/v1', 'SubjectAccessReview', 'subjectaccessreviews', 'C', [], ['create']],
  ['authentication.k8s.io/v1', 'SelfSubjectReview', 'selfsubjectreviews', 'C', [], ['create']],
  // OpenShift configuration
  ['config.openshift.io/v1', 'ClusterVersion', 'clusterversions', 'C'],
  ['config.openshift.io/v1', 'ClusterOperator', 'clusteroperators', 'C', ['co']],
  ['config.openshift.io/v1', 'Infrastructure', 'infrastructures', 'C'],
  ['config.openshift.io/v1', 'Network', 'networks', 'C'],
  ['config.openshift.io/v1', 'Proxy', 'proxies', 'C'],
  ['config.openshift.io/v1', 'FeatureGate', 'featuregates', 'C'],
  ['config.openshift.io/v1', 'APIServer', 'apiservers', 'C'],
  ['config.openshift.io/v1', 'Authentication', 'authentications', 'C'],
  ['config.openshift.io/v1', 'Image', 'images', 'C'],
  ['config.openshift.io/v1', 'Ingress', 'ingresses', 'C'],
  ['config.openshift.io/v1', 'OAuth', 'oauths', 'C'],
  ['config.openshift.io/v1', 'Scheduler', 'schedulers', 'C'],
  ['config.openshift.io/v1', 'Console', 'consoles', 'C'],
  ['config.openshift.io/v1', 'DNS', 'dnses', 'C'],
  ['config.openshift.io/v1', 'Project', 'projects', 'C'],
  ['config.openshift.io/v1', 'Build', 'builds', 'C'],
  ['config.openshift.io/v1', 'OperatorHub', 'operatorhubs', 'C'],
  ['config.openshift.io/v1', 'InsightsDataGather', 'insightsdatagathers', 'C'],
  // Served until mid-2025 (spec.gatherConfig.disabledGatherers); both versions view the same objects.
  ['config.openshift.io/v1alpha1', 'InsightsDataGather', 'insightsdatagathers', 'C'],
  // OpenShift operators
  ['operator.openshift.io/v1', 'Authentication', 'authentications', 'C'],
  ['operator.openshift.io/v1', 'CloudCredential', 'cloudcredentials', 'C'],
  ['operator.openshift.io/v1', 'Config', 'configs', 'C'],
  ['operator.openshift.io/v1', 'Console', 'consoles', 'C'],
  ['operator.openshift.io/v1', 'CSISnapshotController', 'csisnapshotcontrollers', 'C'],
  ['operator.openshift.io/v1', 'DNS', 'dnses', 'C'],
  ['operator.openshift.io/v1', 'Etcd', 'etcds', 'C'],
  ['operator.openshift.io/v1', 'IngressController', 'ingresscontrollers', 'N'],
  ['operator.openshift.io/v1', 'InsightsOperator', 'insightsoperators', 'C'],
  ['operator.openshift.io/v1', 'KubeAPIServer', 'kubeapiservers', 'C'],
  ['operator.openshift.io/v1', 'KubeControllerManager', 'kubecontrollermanagers', 'C'],
  ['operator.openshift.io/v1', 'KubeScheduler', 'kubeschedulers', 'C'],
  ['operator.openshift.io/v1', 'KubeStorageVersionMigrator', 'kubestorageversionmigrators', 'C'],
  ['operator.openshift.io/v1', 'Network', 'networks', 'C'],
  ['operator.openshift.io/v1', 'OpenShiftAPIServer', 'openshiftapiservers', 'C'],
  ['operator.openshift.io/v1', 'OpenShiftControllerManager', 'openshiftcontrollermanagers', 'C'],
  ['operator.openshift.io/v1', 'ServiceCA', 'servicecas', 'C'],
  ['operator.openshift.io/v1', 'Storage', 'storages', 'C'],
  ['imageregistry.operator.openshift.io/v1', 'Config', 'configs', 'C'],
  ['imageregistry.operator.openshift.io/v1', 'ImagePruner', 'imagepruners', 'C'],
  ['samples.operator.openshift.io/v1', 'Config', 'configs', 'C'],
  // machines
  ['machine.openshift.io/v1beta1', 'Machine', 'machines', 'N'],
  ['machine.openshift.io/v1beta1', 'MachineSet', 'machinesets', 'N'],
  ['machine.openshift.io/v1beta1', 'MachineHealthCheck', 'machinehealthchecks', 'N', ['mhc', 'mhcs']],
  ['machine.openshift.io/v1', 'ControlPlaneMachineSet', 'controlplanemachinesets', 'N'],
  ['autoscaling.openshift.io/v1beta1', 'MachineAutoscaler', 'machineautoscalers', 'N', ['ma']],
  ['autoscaling.openshift.io/v1', 'ClusterAutoscaler', 'clusterautoscalers', 'C', ['ca']],
  ['machineconfiguration.openshift.io/v1', 'MachineConfig', 'machineconfigs', 'C', ['mc']],
  ['machineconfiguration.openshift.io/v1', 'MachineConfigPool', 'machineconfigpools', 'C', ['mcp']],
  ['machineconfiguration.openshift.io/v1', 'KubeletConfig', 'kubeletconfigs', 'C'],
  ['machineconfiguration.openshift.io/v1', 'ContainerRuntimeConfig', 'containerruntimeconfigs', 'C', ['ctrcfg']],
  // OpenShift API server groups and security
  ['security.openshift.io/v1', 'SecurityContextConstraints', 'securitycontextconstraints', 'C', ['scc']],
  ['authorization.openshift.io/v1', 'ClusterRoleBinding', 'clusterrolebindings', 'C'],
  ['image.openshift.io/v1', 'ImageStream', 'imagestreams', 'N', ['is']],
  ['image.openshift.io/v1', 'Image', 'images', 'C'],
  ['route.openshift.io/v1', 'Route', 'routes', 'N'],
  ['apiserver.openshift.io/v1', 'APIRequestCount', 'apirequestcounts', 'C'],
  ['controlplane.operator.openshift.io/v1alpha1', 'PodNetworkConnectivityCheck', 'podnetworkconnectivitychecks', 'N'],
  ['network.openshift.io/v1', 'NetNamespace', 'netnamespaces', 'C', ['netns']],
  ['insights.openshift.io/v1', 'DataGather', 'datagathers', 'C'],
  // add-on operators the gatherers look for
  ['operators.coreos.com/v1alpha1', 'Subscription', 'subscriptions', 'N', ['sub', 'subs']],
  ['operators.coreos.com/v1alpha1', 'ClusterServiceVersion', 'clusterserviceversions', 'N', ['csv', 'csvs']],
  ['operators.coreos.com/v1alpha1', 'InstallPlan', 'installplans', 'N', ['ip']],
  ['operators.coreos.com/v1', 'Operator', 'operators', 'C'],
  ['monitoring.coreos.com/v1', 'Prometheus', 'prometheuses', 'N'],
  ['monitoring.coreos.com/v1', 'Alertmanager', 'alertmanagers', 'N'],
  ['monitoring.coreos.com/v1', 'PrometheusRule', 'prometheusrules', 'N'],
  ['monitoring.coreos.com/v1', 'ServiceMonitor', 'servicemonitors', 'N', ['smon']],
  ['nmstate.io/v1', 'NodeNetworkConfigurationPolicy', 'nodenetworkconfigurationpolicies', 'C', ['nncp']],
  ['nmstate.io/v1beta1', 'NodeNetworkState', 'nodenetworkstates', 'C', ['nns']],
  ['nfd.k8s-sigs.io/v1alpha1', 'NodeFeature', 'nodefeatures', 'N'],
  ['costmanagement-metrics-cfg.openshift.io/v1beta1', 'CostManagementMetricsConfig', 'costmanagementmetricsconfigs', 'N'],
  ['jaegertracing.io/v1', 'Jaeger', 'jaegers', 'N'],
  ['opentelemetry.io/v1alpha1', 'OpenTelemetryCollector', 'opentelemetrycollectors', 'N', ['otelcol', 'otelcols']],
  // The operator's storage version since 0.9x, with spec.config structured (a YAML string in v1alpha1).
  ['opentelemetry.io/v1beta1', 'OpenTelemetryCollector', 'opentelemetrycollectors', 'N', ['otelcol', 'otelcols']],
  ['logging.openshift.io/v1', 'ClusterLogging', 'clusterloggings', 'N', ['cl']],
  ['loki.grafana.com/v1', 'LokiStack', 'lokistacks', 'N', ['ls']],
  ['ocs.openshift.io/v1', 'StorageCluster', 'storageclusters', 'N', ['storcluster']],
  ['ceph.rook.io/v1', 'CephCluster', 'cephclusters', 'N'],
  ['installers.datahub.sap.com/v1alpha1', 'DataHub', 'datahubs', 'N'],
  ['core.openstack.org/v1beta1', 'OpenStackControlPlane', 'openstackcontrolplanes', 'N', ['osctlplane']],
  ['core.openstack.org/v1beta1', 'OpenStackVersion', 'openstackversions', 'N', ['osv']],
  ['dataplane.openstack.org/v1beta1', 'OpenStackDataPlaneDeployment', 'openstackdataplanedeployments', 'N', ['osdpd']],
  ['dataplane.openstack.org/v1beta1', 'OpenStackDataPlaneNodeSet', 'openstackdataplanenodesets', 'N', ['osdpns']],
];

/**
 * Groups whose lists kube-apiserver (and openshift-apiserver) encode from typed Go structs: their list
 * items carry no apiVersion/kind. CRD-backed groups are served as unstructured data, whose items do.
 */
export const TYPED_GROUPS: ReadonlySet<string> = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'storage.k8s.io', 'rbac.authorization.k8s.io',
  'admissionregistration.k8s.io', 'certificates.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io',
  'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io', 'node.k8s.io', 'scheduling.k8s.io',
  'flowcontrol.apiserver.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io',
  // aggregated from openshift-apiserver
  'apps.openshift.io', 'authorization.openshift.io', 'build.openshift.io', 'image.openshift.io', 'oauth.openshift.io',
  'project.openshift.io', 'quota.openshift.io', 'route.openshift.io', 'template.openshift.io', 'user.openshift.io',
]);

/**
 * Fields beyond metadata.name/metadata.namespace that kube-apiserver accepts in fieldSelector, per
 * group/kind. CRDs only accept the two metadata fields.
 */
export const SELECTABLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  '/Pod': ['status.phase', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.podIP', 'status.nominatedNodeName'],
  '/Event': ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  '/Secret': ['type'],
  '/Namespace': ['status.phase'],
  '/Node': ['spec.unschedulable'],
  '/ReplicationController': ['status.replicas'],
  'apps/ReplicaSet': ['status.replicas'],
  'batch/Job': ['status.successful'],
  'certificates.k8s.io/CertificateSigningRequest': ['spec.signerName'],
};

/**
 * group/kind of the types without a `status` subresource: their status (if any) is written with the
 * rest of the object. Every other type has one, as do all OpenShift config and operator types.
 */
export const WITHOUT_STATUS_SUBRESOURCE: ReadonlySet<string> = new Set([
  '/ConfigMap', '/Secret', '/Event', '/ServiceAccount', '/Endpoints', '/LimitRange', '/PodTemplate',
  'apps/ControllerRevision', 'events.k8s.io/Event', 'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding', 'rbac.authorization.k8s.io/Role',
  'rbac.authorization.k8s.io/RoleBinding', 'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'networking.k8s.io/NetworkPolicy',
  'authorization.openshift.io/ClusterRoleBinding', 'security.openshift.io/SecurityContextConstraints',
  'machineconfiguration.openshift.io/MachineConfig', 'monitoring.coreos.com/PrometheusRule',
  'network.openshift.io/NetNamespace', 'nfd.k8s-sigs.io/NodeFeature',
]);
