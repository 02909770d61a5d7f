/** Cluster-wide singletons of a generated cluster: version, configuration, cluster operators. */
import type { Rng } from './prng.ts';
import { timestamp } from './prng.ts';
import { apiHost, apiIntHost, appsDomain } from './scale-identity.ts';
import type { ClusterIdentity } from './scale-identity.ts';
import { nodesOfUnit } from './scale-nodes.ts';
import { operatorObjects, relatedObjects } from './scale-operators.ts';
import type { Canaries } from './scale-secrets.ts';
import type { KubeObject } from './store.ts';

export const OCP_VERSION = '4.17.3';
const HISTORY = ['4.17.3', '4.17.1', '4.16.20'];
const RELEASE_IMAGE = 'quay.io/openshift-release-dev/ocp-release';

export const CLUSTER_OPERATORS: readonly string[] = [
  'authentication', 'baremetal', 'cloud-controller-manager', 'cloud-credential', 'cluster-autoscaler', 'config-operator',
  'console', 'control-plane-machine-set', 'csi-snapshot-controller', 'dns', 'etcd', 'image-registry', 'ingress', 'insights',
  'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-storage-version-migrator', 'machine-api',
  'machine-approver', 'machine-config', 'marketplace', 'monitoring', 'network', 'node-tuning', 'olm', 'openshift-apiserver',
  'openshift-controller-manager', 'openshift-samples', 'operator-lifecycle-manager', 'operator-lifecycle-manager-catalog',
  'operator-lifecycle-manager-packageserver', 'service-ca', 'storage',
];

const meta = (rng: Rng, name: string, created: number, rv: () => string): KubeObject['metadata'] =>
  ({ name, uid: rng.uuid(), resourceVersion: rv(), generation: 1, creationTimestamp: timestamp(created) });

const condition = (type: string, status: string, at: number, reason?: string, message?: string): Record<string, string> =>
  ({ type, status, lastTransitionTime: timestamp(at), ...(reason === undefined ? {} : { reason }), ...(message === undefined ? {} : { message }) });

/** ClusterOperators one of which may be degraded: their own namespace holds pods at every scale (unit 0). */
export const DEGRADABLE_OPERATORS: readonly string[] = ['monitoring', 'ingress', 'etcd'];

/** The corporate proxy the cluster sends its egress through. */
export const PROXY_HOST = 'proxy.corp.example.com';

export interface ClusterArgs {
  /** Every namespace of the cluster, for the operators' relatedObjects. */
  namespaces: ReadonlySet<string>;
  canaries: Canaries;
  id: ClusterIdentity;
  /** The ClusterOperator reported Degraded (one of DEGRADABLE_OPERATORS): a pod of its namespace crash-loops. */
  degraded: string;
  /** The image registry's PersistentVolumeClaim. */
  registryClaim: string;
}

export function clusterObjects(rng: Rng, rv: () => string, { namespaces, canaries, id, degraded, registryClaim }: ClusterArgs): KubeObject[] {
  const clusterID = rng.uuid();
  const { infraName } = id;
  const digests = HISTORY.map(() => rng.hex(64));
  const upgraded = 20 * 86400;
  const history = HISTORY.map((version, i) => ({
    state: 'Completed',
    startedTime: timestamp(upgraded - i * 7 * 86400),
    completionTime: timestamp(upgraded - i * 7 * 86400 + 3600),
    version,
    image: `${RELEASE_IMAGE}@sha256:${digests[i]}`,
    verified: i < HISTORY.length - 1,
    acceptedRisks: '',
  }));
  const clusterVersion: KubeObject = {
    apiVersion: 'config.openshift.io/v1', kind: 'ClusterVersion',
    metadata: meta(rng, 'version', 0, rv),
    spec: { clusterID, channel: 'stable-4.17', upstream: 'https://api.openshift.com/api/upgrades_info/v1/graph' },
    status: {
      desired: { version: OCP_VERSION, image: history[0]!.image, url: `https://access.redhat.com/errata/RHSA-2024:${rng.range(8000, 9999)}`, channels: ['candidate-4.17', 'fast-4.17', 'stable-4.17'] },
      history,
      observedGeneration: 2,
      versionHash: rng.hex(11),
      capabilities: { enabledCapabilities: ['Build', 'Console', 'Insights', 'MachineAPI', 'marketplace', 'openshift-samples'], knownCapabilities: ['Build', 'Console', 'Insights', 'MachineAPI', 'marketplace', 'openshift-samples'] },
      conditions: [
        condition('RetrievedUpdates', 'True', upgraded),
        condition('Available', 'True', upgraded + 3600, undefined, `Done applying ${OCP_VERSION}`),
        condition('Failing', 'False', upgraded + 3600),
        condition('Progressing', 'False', upgraded + 3600, undefined, `Cluster version is ${OCP_VERSION}`),
      ],
      availableUpdates: null,
    },
  };
  const singleton = (kind: string, spec: unknown, status: unknown): KubeObject =>
    ({ apiVersion: 'config.openshift.io/v1', kind, metadata: meta(rng, 'cluster', 0, rv), spec, status });
  const objects = [
    clusterVersion,
    singleton('Infrastructure', { cloudConfig: { name: '' }, platformSpec: { type: 'AWS', aws: {} } }, {
      infrastructureName: infraName, platform: 'AWS', platformStatus: { type: 'AWS', aws: { region: 'us-east-1' } },
      etcdDiscoveryDomain: '', apiServerURL: `https://${apiHost(id)}:6443`,
      apiServerInternalURI: `https://${apiIntHost(id)}:6443`,
      controlPlaneTopology: 'HighlyAvailable', infrastructureTopology: 'HighlyAvailable', cpuPartitioning: 'None',
    }),
    singleton('Network', { clusterNetwork: [{ cidr: '10.128.0.0/14', hostPrefix: 23 }], serviceNetwork: ['172.30.0.0/16'], networkType: 'OVNKubernetes', externalIP: { policy: {} } }, {
      clusterNetwork: [{ cidr: '10.128.0.0/14', hostPrefix: 23 }], serviceNetwork: ['172.30.0.0/16'], networkType: 'OVNKubernetes', clusterNetworkMTU: 8901,
    }),
    // A proxy with credentials in its URL, as clusters behind an authenticating proxy have.
    ...[`http://proxyuser:${canaries.next('Proxy cluster .spec.httpsProxy and .status.httpsProxy URL password (raw)')}@${PROXY_HOST}:3128`].map((httpsProxy) => {
      const proxy = { httpProxy: `http://${PROXY_HOST}:3128`, httpsProxy, noProxy: '.cluster.local,.svc,10.0.0.0/16,10.128.0.0/14,127.0.0.1,169.254.169.254,172.30.0.0/16,localhost' };
      return singleton('Proxy', { ...proxy, trustedCA: { name: 'user-ca-bundle' } }, { ...proxy, noProxy: `${proxy.noProxy},${apiIntHost(id)}` });
    }),
    singleton('FeatureGate', {}, {
      featureGates: [{ version: OCP_VERSION, enabled: ['AdminNetworkPolicy', 'AlibabaPlatform', 'BuildCSIVolumes', 'KMSv1', 'NetworkLiveMigration'].map((name) => ({ name })), disabled: ['ClusterAPIInstall', 'GatewayAPI', 'InsightsConfig', 'MachineAPIMigration'].map((name) => ({ name })) }],
    }),
    ...configSingletons(id, singleton),
  ];
  // One operator is degraded, so gatherers that look at degraded operators have something to find.
  for (const name of CLUSTER_OPERATORS) {
    const bad = name === degraded;
    objects.push({
      apiVersion: 'config.openshift.io/v1', kind: 'ClusterOperator',
      metadata: { ...meta(rng, name, 0, rv), annotations: { 'include.release.openshift.io/self-managed-high-availability': 'true' } },
      spec: {},
      status: {
        conditions: [
          condition('Available', 'True', upgraded + rng.int(3600), 'AsExpected', 'All is well'),
          bad ? condition('Degraded', 'True', 25 * 86400, 'OperandsDegraded', `pods in namespace openshift-${name} are not ready: a container is in CrashLoopBackOff`) : condition('Degraded', 'False', upgraded, 'AsExpected'),
          condition('Progressing', 'False', upgraded + rng.int(3600), 'AsExpected'),
          condition('Upgradeable', 'True', upgraded, 'AsExpected'),
        ],
        versions: [{ name: 'operator', version: OCP_VERSION }],
        relatedObjects: relatedObjects(name, namespaces),
        extension: null,
      },
    });
  }
  const masters = nodesOfUnit(0).filter((n) => n.master).map((n) => n.name);
  return [...objects, ...operatorObjects(rng, rv, canaries, id, masters, registryClaim)];
}

/** The config.openshift.io singletons besides Infrastructure, Network, Proxy and FeatureGate. */
export const CONFIG_SINGLETONS: readonly string[] = ['APIServer', 'Authentication', 'Console', 'DNS', 'Image', 'Ingress', 'OAuth', 'OperatorHub', 'Project', 'Scheduler'];

function configSingletons(id: ClusterIdentity, singleton: (kind: string, spec: unknown, status: unknown) => KubeObject): KubeObject[] {
  const apps = appsDomain(id);
  const none = { name: '' };
  const specs: Record<string, [spec: unknown, status: unknown]> = {
    APIServer: [{ audit: { profile: 'Default' }, clientCA: none, encryption: { type: 'aescbc' }, servingCerts: {}, tlsSecurityProfile: { type: 'Intermediate', intermediate: {} } }, {}],
    Authentication: [{ oauthMetadata: none, serviceAccountIssuer: '', type: '', webhookTokenAuthenticator: { kubeConfig: { name: 'webhook-authentication-integrated-oauth' } } }, { integratedOAuthMetadata: { name: 'oauth-openshift' } }],
    Console: [{ authentication: {} }, { consoleURL: `https://console-openshift-console.${apps}` }],
    DNS: [{ baseDomain: `${id.clusterName}.${id.baseDomain}`, platform: { type: '' }, privateZone: { tags: { Name: `${id.infraName}-int`, [`kubernetes.io/cluster/${id.infraName}`]: 'owned' } }, publicZone: { id: 'Z03318612ZQ0H4BXYZ2S' } }, {}],
    Image: [
      { additionalTrustedCA: { name: 'registry-cas' }, allowedRegistriesForImport: [{ domainName: 'registry.corp.example.com:5000', insecure: false }], registrySources: { blockedRegistries: ['docker.io/untrusted'] } },
      { externalRegistryHostnames: [`default-route-openshift-image-registry.${apps}`], internalRegistryHostname: 'image-registry.openshift-image-registry.svc:5000' },
    ],
    Ingress: [{ domain: apps, loadBalancer: { platform: { type: 'AWS', aws: { type: 'NLB' } } } }, { defaultPlacement: 'Workers' }],
    OAuth: [{
      identityProviders: [
        { name: 'htpasswd', mappingMethod: 'claim', type: 'HTPasswd', htpasswd: { fileData: { name: 'htpass-secret' } } },
        {
          name: 'corp-ldap', mappingMethod: 'claim', type: 'LDAP',
          ldap: { attributes: { email: ['mail'], id: ['dn'], name: ['cn'], preferredUsername: ['uid'] }, bindDN: 'cn=svc-openshift,ou=services,dc=corp,dc=example,dc=com', bindPassword: { name: 'ldap-bind-password' }, ca: { name: 'ldap-ca' }, insecure: false, url: 'ldaps://ldap.corp.example.com:636/ou=users,dc=corp,dc=example,dc=com?uid' },
        },
      ],
      templates: { error: none, login: none, providerSelection: none },
      tokenConfig: { accessTokenMaxAgeSeconds: 86400 },
    }, {}],
    OperatorHub: [{ sources: [{ disabled: true, name: 'redhat-marketplace' }] }, { sources: ['certified-operators', 'community-operators', 'redhat-marketplace', 'redhat-operators'].map((name) => ({ disabled: name === 'redhat-marketplace', name, status: 'Success' })) }],
    Project: [{ projectRequestMessage: 'To request a project, open a ticket with the platform team.', projectRequestTemplate: none }, {}],
    Scheduler: [{ mastersSchedulable: false, policy: none, profile: 'LowNodeUtilization' }, {}],
  };
  return CONFIG_SINGLETONS.map((kind) => {
    const [spec, status] = specs[kind]!;
    return singleton(kind, spec, status);
  });
}
