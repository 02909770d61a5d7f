/**
 * The operator.openshift.io (and image registry, samples) objects of a generated cluster, and the
 * `status.relatedObjects` of its ClusterOperators, which point only at objects that exist.
 */
import type { Rng } from './prng.ts';
import { timestamp } from './prng.ts';
import { appsDomain } from './scale-identity.ts';
import type { ClusterIdentity } from './scale-identity.ts';
import { firstConnectivityCheckName } from './scale-network.ts';
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

/**
 * Namespaces present at every scale. Units add theirs on top; a unit namespace that is also fixed (from
 * unit 1 on, e.g. openshift-image-registry) is created here and gets the unit's workloads.
 */
export const FIXED_NAMESPACES: readonly string[] = [
  'default', 'kube-node-lease', 'kube-public', 'kube-system', 'openshift', 'openshift-cluster-version', 'openshift-config', 'openshift-config-managed',
  'openshift-image-registry', 'openshift-ingress-canary', 'openshift-ingress-operator', 'openshift-insights', 'openshift-kube-apiserver', 'openshift-machine-api',
  'openshift-machine-config-operator', 'openshift-marketplace', 'openshift-multus', 'openshift-network-diagnostics', 'openshift-network-operator',
  'openshift-operator-lifecycle-manager', 'openshift-operators', 'openshift-ovn-kubernetes',
];

const CONFIG_READERS = new Set(['authentication', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'openshift-apiserver', 'console', 'ingress', 'image-registry']);

export interface RelatedObject { group: string; resource: string; name: string; namespace?: string }

const ref = (group: string, resource: string, name: string, namespace?: string): RelatedObject => ({ group, resource, name, ...(namespace === undefined ? {} : { namespace }) });
const PACKAGESERVER = ref('operators.coreos.com', 'clusterserviceversions', 'packageserver', 'openshift-operator-lifecycle-manager');

/**
 * Related objects beyond the operator resource, as the operators list them (with the names of the
 * objects they manage, all of which the generated cluster has), and namespaces other than
 * `openshift-<co>[-operator]`.
 */
const EXTRA_RELATED: Readonly<Record<string, { refs?: () => RelatedObject[]; namespaces?: readonly string[] }>> = {
  'cluster-autoscaler': { refs: () => [ref('autoscaling.openshift.io', 'clusterautoscalers', 'default')], namespaces: ['openshift-machine-api'] },
  'control-plane-machine-set': { refs: () => [ref('machine.openshift.io', 'controlplanemachinesets', 'cluster', 'openshift-machine-api')], namespaces: ['openshift-machine-api'] },
  'image-registry': { refs: () => [ref('imageregistry.operator.openshift.io', 'imagepruners', 'cluster')] },
  'ingress': { refs: () => [ref('ingress.operator.openshift.io', 'dnsrecords', 'default-wildcard', 'openshift-ingress-operator')], namespaces: ['openshift-ingress-canary'] },
  'machine-config': { refs: () => [ref('machineconfiguration.openshift.io', 'machineconfigpools', 'master'), ref('machineconfiguration.openshift.io', 'machineconfigpools', 'worker')] },
  'network': {
    refs: () => [
      ref('network.operator.openshift.io', 'operatorpkis', 'ovn', 'openshift-ovn-kubernetes'), ref('network.operator.openshift.io', 'operatorpkis', 'signer', 'openshift-ovn-kubernetes'),
      ref('controlplane.operator.openshift.io', 'podnetworkconnectivitychecks', firstConnectivityCheckName(), 'openshift-network-diagnostics'),
    ],
    namespaces: ['openshift-multus', 'openshift-ovn-kubernetes', 'openshift-network-diagnostics'],
  },
  'operator-lifecycle-manager': { refs: () => [PACKAGESERVER], namespaces: ['openshift-operator-lifecycle-manager'] },
  'operator-lifecycle-manager-catalog': { namespaces: ['openshift-operator-lifecycle-manager'] },
  'operator-lifecycle-manager-packageserver': { refs: () => [PACKAGESERVER], namespaces: ['openshift-operator-lifecycle-manager'] },
};

/** A ClusterOperator's relatedObjects: its operator resource and the objects it manages, and those of its namespaces that exist. */
export function relatedObjects(co: string, namespaces: ReadonlySet<string>): RelatedObject[] {
  const r = OPERATOR_RESOURCES[co];
  const own = r === undefined ? [] : [ref(r.apiVersion.split('/')[0]!, r.resource, r.name, r.namespace)];
  const extra = EXTRA_RELATED[co];
  const candidates = [`openshift-${co}`, `openshift-${co}-operator`, ...(extra?.namespaces ?? []), ...(CONFIG_READERS.has(co) ? ['openshift-config', 'openshift-config-managed'] : [])];
  return [...own, ...(extra?.refs?.() ?? []), ...[...new Set(candidates)].filter((ns) => namespaces.has(ns)).map((name) => ref('', 'namespaces', name))];
}

const condition = (type: string, status: string, at: number, reason = 'AsExpected'): Record<string, string> =>
  ({ type, status, reason, lastTransitionTime: timestamp(at) });

/**
 * One object per OPERATOR_RESOURCES entry. The image registry stores its images on the PVC `claim`
 * (so it runs one replica, rolled out by recreation); its `httpSecret` is a canary. The authentication
 * operator's observed config carries the identity providers of the OAuth configuration.
 */
export function operatorObjects(rng: Rng, rv: () => string, canaries: Canaries, id: ClusterIdentity, masters: readonly string[], claim: string): KubeObject[] {
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
      const domain = appsDomain(id);
      spec = { replicas: 2, endpointPublishingStrategy: { type: 'LoadBalancerService', loadBalancer: { scope: 'External', dnsManagementPolicy: 'Managed' } }, httpErrorCodePages: { name: '' }, tuningOptions: {}, unsupportedConfigOverrides: null };
      status = { availableReplicas: 2, domain, selector: 'ingresscontroller.operator.openshift.io/deployment-ingresscontroller=default', observedGeneration: 2, conditions: [condition('Available', 'True', at), condition('DNSReady', 'True', at)] };
    } else if (co === 'dns') {
      status = { ...status, clusterDomain: 'cluster.local', clusterIP: '172.30.0.10' };
    } else if (co === 'image-registry') {
      // The administrator moved the registry from S3 to a gp3 volume: one replica, recreated on rollout.
      const storage = { managementState: 'Unmanaged', pvc: { claim } };
      const httpSecret = `${canaries.next('imageregistry.operator.openshift.io Config cluster .spec.httpSecret (raw, followed by hex)')}${rng.hex(100)}`;
      spec = { ...base, httpSecret, proxy: {}, replicas: 1, requests: { read: { maxWaitInQueue: '0s' }, write: { maxWaitInQueue: '0s' } }, rolloutStrategy: 'Recreate', storage, defaultRoute: true };
      status = { observedGeneration: 2, readyReplicas: 1, storage, storageManaged: false, conditions: [condition('Available', 'True', at, 'Ready'), condition('Progressing', 'False', at, 'Ready'), condition('Degraded', 'False', at)] };
    } else if (co === 'openshift-samples') {
      spec = { architectures: ['x86_64'], managementState: 'Managed' };
      status = { architectures: ['x86_64'], managementState: 'Managed', version: '4.17.3', conditions: [condition('ImportCredentialsExist', 'True', at), condition('SamplesExist', 'True', at)] };
    } else if (co === 'authentication') {
      const idp = (name: string, provider: Record<string, unknown>): Record<string, unknown> => ({ challenge: true, login: true, mappingMethod: 'claim', name, provider: { apiVersion: 'osin.config.openshift.io/v1', ...provider } });
      const oauthServer = {
        corsAllowedOrigins: ['//127\\.0\\.0\\.1(:|$)', '//localhost(:|$)'],
        oauthConfig: {
          assetPublicURL: `https://console-openshift-console.${appsDomain(id)}`, loginURL: `https://api.${id.clusterName}.${id.baseDomain}:6443`,
          templates: { error: '/var/config/system/secrets/v4-0-config-system-ocp-branding-template/errors.html', login: '/var/config/system/secrets/v4-0-config-system-ocp-branding-template/login.html', providerSelection: '/var/config/system/secrets/v4-0-config-system-ocp-branding-template/providers.html' },
          tokenConfig: { accessTokenMaxAgeSeconds: 86400, authorizeTokenMaxAgeSeconds: 300 },
          identityProviders: [
            idp('htpasswd', { kind: 'HTPasswdPasswordIdentityProvider', file: '/var/config/user/idp/0/secret/v4-0-config-user-idp-0-file-data/htpasswd' }),
            idp('corp-ldap', {
              kind: 'LDAPPasswordIdentityProvider', attributes: { email: ['mail'], id: ['dn'], name: ['cn'], preferredUsername: ['uid'] },
              bindDN: 'cn=svc-openshift,ou=services,dc=corp,dc=example,dc=com', bindPassword: { env: '', file: '/var/config/user/idp/1/secret/v4-0-config-user-idp-1-bind-password/bindPassword', keyFile: '' },
              ca: '/var/config/user/idp/1/configMap/v4-0-config-user-idp-1-ca/ca.crt', insecure: false, url: 'ldaps://ldap.corp.example.com:636/ou=users,dc=corp,dc=example,dc=com?uid',
            }),
          ],
        },
        serverArguments: { 'audit-log-format': ['json'], 'audit-log-maxbackup': ['10'], 'audit-log-maxsize': ['100'], 'audit-log-path': ['/var/log/oauth-server/audit.log'], 'audit-policy-file': ['/var/run/configmaps/audit/audit.yaml'] },
        servingInfo: { cipherSuites: ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'], minTLSVersion: 'VersionTLS12', namedCertificates: [{ certFile: '/var/config/system/secrets/v4-0-config-system-router-certs/apps.' + id.clusterName, keyFile: '/var/config/system/secrets/v4-0-config-system-router-certs/apps.' + id.clusterName, names: [`*.${appsDomain(id)}`] }] },
      };
      spec = { ...base, observedConfig: { oauthServer, oauthAPIServer: { apiServerArguments: { 'api-audiences': ['https://kubernetes.default.svc'], 'tls-min-version': 'VersionTLS12' } } } };
      status = { ...status, oauthAPIServer: { latestAvailableRevision: rng.range(2, 6) } };
    } else if (co === 'network') {
      spec = { ...base, clusterNetwork: [{ cidr: '10.128.0.0/14', hostPrefix: 23 }], serviceNetwork: ['172.30.0.0/16'], defaultNetwork: { type: 'OVNKubernetes', ovnKubernetesConfig: { mtu: 8901, genevePort: 6081, ipsecConfig: { mode: 'Disabled' } } }, disableNetworkDiagnostics: false };
    }
    return { apiVersion: r.apiVersion, kind: r.kind, metadata, spec, status };
  });
}
