/** Cluster-wide singletons of a generated cluster: version, configuration, cluster operators. */
import type { Rng } from './prng.ts';
import { timestamp } from './prng.ts';
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

/** `namespaces`: every namespace of the cluster, for the operators' relatedObjects. */
export function clusterObjects(rng: Rng, scale: number, rv: () => string, namespaces: ReadonlySet<string>, canaries: Canaries): KubeObject[] {
  const clusterID = rng.uuid();
  const infraName = `sim${scale}-${rng.suffix(5)}`;
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
      etcdDiscoveryDomain: '', apiServerURL: `https://api.${infraName}.sim.example.com:6443`,
      apiServerInternalURI: `https://api-int.${infraName}.sim.example.com:6443`,
      controlPlaneTopology: 'HighlyAvailable', infrastructureTopology: 'HighlyAvailable', cpuPartitioning: 'None',
    }),
    singleton('Network', { clusterNetwork: [{ cidr: '10.128.0.0/14', hostPrefix: 23 }], serviceNetwork: ['172.30.0.0/16'], networkType: 'OVNKubernetes', externalIP: { policy: {} } }, {
      clusterNetwork: [{ cidr: '10.128.0.0/14', hostPrefix: 23 }], serviceNetwork: ['172.30.0.0/16'], networkType: 'OVNKubernetes', clusterNetworkMTU: 8901,
    }),
    // A proxy with credentials in its URL, as clusters behind an authenticating proxy have.
    ...[`http://proxyuser:${canaries.next('Proxy cluster .spec.httpsProxy and .status.httpsProxy URL password (raw)')}@proxy.${infraName}.sim.example.com:3128`].map((httpsProxy) => {
      const proxy = { httpProxy: `http://proxy.${infraName}.sim.example.com:3128`, httpsProxy, noProxy: '.cluster.local,.svc,10.0.0.0/16,10.128.0.0/14,127.0.0.1,169.254.169.254,172.30.0.0/16,localhost' };
      return singleton('Proxy', { ...proxy, trustedCA: { name: 'user-ca-bundle' } }, proxy);
    }),
    singleton('FeatureGate', {}, {
      featureGates: [{ version: OCP_VERSION, enabled: ['AdminNetworkPolicy', 'AlibabaPlatform', 'BuildCSIVolumes', 'KMSv1', 'NetworkLiveMigration'].map((name) => ({ name })), disabled: ['ClusterAPIInstall', 'GatewayAPI', 'InsightsConfig', 'MachineAPIMigration'].map((name) => ({ name })) }],
    }),
  ];
  // One operator is degraded, so gatherers that look at degraded operators have something to find.
  const degraded = rng.pick(CLUSTER_OPERATORS);
  for (const name of CLUSTER_OPERATORS) {
    const bad = name === degraded;
    objects.push({
      apiVersion: 'config.openshift.io/v1', kind: 'ClusterOperator',
      metadata: { ...meta(rng, name, 0, rv), annotations: { 'include.release.openshift.io/self-managed-high-availability': 'true' } },
      spec: {},
      status: {
        conditions: [
          condition('Available', 'True', upgraded + rng.int(3600), 'AsExpected', 'All is well'),
          bad ? condition('Degraded', 'True', 25 * 86400, 'OperatorDegraded', `${name}: 1 of 3 replicas are unavailable`) : condition('Degraded', 'False', upgraded, 'AsExpected'),
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
  return [...objects, ...operatorObjects(rng, rv, canaries, infraName, masters)];
}
