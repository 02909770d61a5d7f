/**
 * The operator.openshift.io (and image registry, samples) objects of a generated cluster, and the
 * `status.relatedObjects` of its ClusterOperators, which point only at objects that exist.
 */
import type { Rng } from './prng.ts';
import { timestamp } from './prng.ts';
import type { Canaries } from './scale-secrets.ts';
import type { KubeObject } from './store.ts';

export interface OperatorResource { readonly apiVersion: string; readonly kind: string; readonly resource: string; readonly name: string; readonly namespace?: string }

const op = (kind: string, resource: string, name = 'cluster', namespace?: string, apiVersion = 'operator.openshift.io/v1'): OperatorResource =>
  ({ apiVersion, kind, resource, name, ...(namespace === undefined ? {} : { namespace }) });

/** ClusterOperator name → the operator resource it manages, as on OpenShift 4.17. */
export const OPERATOR_RESOURCES: Readonly<Record<string, OperatorResource>> = {
  'authentication': op('Authentication', 'authentications'),
  'cloud-credential': op('CloudCredential', 'cloudcredentials'),
  'config-operator': op('Config', 'configs'),
  'console': op('Console', 'consoles'),
  'csi-snapshot-controller': op('CSISnapshotController', 'csisnapshotcontrollers'),
  'dns': op('DNS', 'dnses', 'default'),
  'etcd': op('Etcd', 'etcds'),
  'image-registry': op('Config', 'configs', 'cluster', undefined, 'imageregistry.operator.openshift.io/v1'),
  'ingress': op('IngressController', 'ingresscontrollers', 'default', 'openshift-ingress-operator'),
  'insights': op('InsightsOperator', 'insightsoperators'),
  'kube-apiserver': op('KubeAPIServer', 'kubeapiservers'),
  'kube-controller-manager': op('KubeControllerManager', 'kubecontrollermanagers'),
  'kube-scheduler': op('KubeScheduler', 'kubeschedulers'),
  'kube-storage-version-migrator': op('KubeStorageVersionMigrator', 'kubestorageversionmigrators'),
  'network': op('Network', 'networks'),
  'openshift-apiserver': op('OpenShiftAPIServer', 'openshiftapiservers'),
  'openshift-controller-manager': op('OpenShiftControllerManager', 'openshiftcontrollermanagers'),
  'openshift-samples': op('Config', 'configs', 'cluster', undefined, 'samples.operator.openshift.io/v1'),
  'service-ca': op('ServiceCA', 'servicecas'),
  'storage': op('Storage', 'storages'),
};

/** Namespaces present at every scale (unit namespaces come on top). */
export const FIXED_NAMESPACES: readonly string[] = [
  'default', 'kube-node-lease', 'kube-public', 'kube-system', 'openshift', 'openshift-config', 'openshift-config-managed', 'openshift-ingress-operator', 'openshift-operators',
];

const CONFIG_READERS = new Set(['authentication', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'openshift-apiserver', 'console', 'ingress', 'image-registry']);

/** A ClusterOperator's relatedObjects: its operator resource, and those of its namespaces that exist. */
export function relatedObjects(co: string, namespaces: ReadonlySet<string>): Array<{ group: string; resource: string; name: string; namespace?: string }> {
  const r = OPERATOR_RESOURCES[co];
  const own = r === undefined ? [] : [{ group: r.apiVersion.split('/')[0]!, resource: r.resource, name: r.name, ...(r.namespace === undefined ? {} : { namespace: r.namespace }) }];
  const candidates = [`openshift-${co}`, `openshift-${co}-operator`, ...(CONFIG_READERS.has(co) ? ['openshift-config', 'openshift-config-managed'] : [])];
  return [...own, ...candidates.filter((ns) => namespaces.has(ns)).map((name) => ({ group: '', resource: 'namespaces', name }))];
}

const condition = (type: string, status: string, at: number, reason = 'AsExpected'): Record<string, string> =>
  ({ type, status, reason, lastTransitionTime: timestamp(at) });

/** One object per OPERATOR_RESOURCES entry. The image registry's `httpSecret` is a canary. */
export function operatorObjects(rng: Rng, rv: () => string, canaries: Canaries, infraName: string, masters: readonly string[]): KubeObject[] {
  return Object.entries(OPERATOR_RESOURCES).map(([co, r]) => {
    const at = 400 + rng.int(3600);
    const metadata = {
      name: r.name, ...(r.namespace === undefined ? {} : { namespace: r.namespace }), uid: rng.uuid(), resourceVersion: rv(), generation: 2, creationTimestamp: timestamp(300),
      annotations: { 'include.release.openshift.io/self-managed-high-availability': 'true', 'release.openshift.io/create-only': 'true' },
    };
    const base = { managementState: 'Managed', logLevel: 'Normal', operatorLogLevel: 'Normal', observedConfig: null, unsupportedConfigOverrides: null };
    const conditions = [condition(`${r.kind}Available`, 'True', at), condition(`${r.kind}Progressing`, 'False', at), condition(`${r.kind}Degraded`, 'False', at)];
    let spec: Record<string, unknown> = base;
    let status: Record<string, unknown> = { observedGeneration: 2, readyReplicas: 0, conditions };
    if (['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].includes(co)) {
      const revision = rng.range(6, 14);
      status = { ...status, latestAvailableRevision: revision, nodeStatuses: masters.map((nodeName) => ({ nodeName, currentRevision: revision })) };
    } else if (co === 'ingress') {
      const domain = `apps.${infraName}.sim.example.com`;
      spec = { replicas: 2, endpointPublishingStrategy: { type: 'LoadBalancerService', loadBalancer: { scope: 'External', dnsManagementPolicy: 'Managed' } }, httpErrorCodePages: { name: '' }, tuningOptions: {}, unsupportedConfigOverrides: null };
      status = { availableReplicas: 2, domain, selector: 'ingresscontroller.operator.openshift.io/deployment-ingresscontroller=default', observedGeneration: 2, conditions: [condition('Available', 'True', at), condition('DNSReady', 'True', at)] };
    } else if (co === 'dns') {
      status = { ...status, clusterDomain: 'cluster.local', clusterIP: '172.30.0.10' };
    } else if (co === 'image-registry') {
      const storage = { managementState: 'Managed', s3: { bucket: `${infraName}-image-registry-us-east-1-${rng.suffix(20)}`, region: 'us-east-1', encrypt: true, virtualHostedStyle: false, trustedCA: { name: '' } } };
      const httpSecret = `${canaries.next('imageregistry.operator.openshift.io Config cluster .spec.httpSecret (raw, followed by hex)')}${rng.hex(100)}`;
      spec = { ...base, httpSecret, proxy: {}, replicas: 2, requests: { read: { maxWaitInQueue: '0s' }, write: { maxWaitInQueue: '0s' } }, rolloutStrategy: 'RollingUpdate', storage };
      status = { observedGeneration: 2, readyReplicas: 2, storage, storageManaged: true, conditions: [condition('Available', 'True', at, 'Ready'), condition('Progressing', 'False', at, 'Ready'), condition('Degraded', 'False', at)] };
    } else if (co === 'openshift-samples') {
      spec = { architectures: ['x86_64'], managementState: 'Managed' };
      status = { architectures: ['x86_64'], managementState: 'Managed', version: '4.17.3', conditions: [condition('ImportCredentialsExist', 'True', at), condition('SamplesExist', 'True', at)] };
    } else if (co === 'network') {
      spec = { ...base, clusterNetwork: [{ cidr: '10.128.0.0/14', hostPrefix: 23 }], serviceNetwork: ['172.30.0.0/16'], defaultNetwork: { type: 'OVNKubernetes', ovnKubernetesConfig: { mtu: 8901, genevePort: 6081, ipsecConfig: { mode: 'Disabled' } } }, disableNetworkDiagnostics: false };
    }
    return { apiVersion: r.apiVersion, kind: r.kind, metadata, spec, status };
  });
}
