/** The image pool shared by a generated cluster, and its nodes. */
import { Rng, timestamp } from './prng.ts';
import { machineName, renderedConfigs, zoneOf } from './scale-identity.ts';
import type { ClusterIdentity } from './scale-identity.ts';
import type { KubeObject } from './store.ts';

export interface PoolImage {
  /** As written in pod specs. */
  readonly image: string;
  /** As reported in containerStatuses: repository@sha256:digest. */
  readonly imageID: string;
  readonly sizeBytes: number;
  readonly openshift: boolean;
}

const APP_REPOS = ['payments', 'catalog', 'checkout', 'search', 'ledger', 'auth', 'notifications', 'reports', 'gateway', 'inventory'];
const APP_NAMES = ['api', 'worker', 'frontend', 'cache', 'db-proxy', 'scheduler', 'exporter', 'sidecar'];
const PUBLIC = ['docker.io/library/nginx:1.25', 'docker.io/library/redis:7.2', 'docker.io/library/postgres:16', 'quay.io/prometheus/node-exporter:v1.8.2', 'registry.access.redhat.com/ubi9/ubi-minimal:9.4'];

/** ~200 images: 110 from the OpenShift release, 90 application images. Independent of the scale. */
export function imagePool(seed = 1): PoolImage[] {
  const rng = new Rng(`kube-sim/${seed}/images`);
  const pool: PoolImage[] = [];
  for (let i = 0; i < 110; i++) {
    const ref = `quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:${rng.hex(64)}`;
    pool.push({ image: ref, imageID: ref, sizeBytes: rng.range(200, 1200) * 1_000_000, openshift: true });
  }
  for (let i = 0; i < 90; i++) {
    const tagged = i < PUBLIC.length ? PUBLIC[i]! : `registry.example.com/${rng.pick(APP_REPOS)}/${rng.pick(APP_NAMES)}:v${rng.range(1, 4)}.${rng.range(0, 20)}.${i}`;
    const repository = tagged.slice(0, tagged.lastIndexOf(':'));
    const imageID = `${repository}@sha256:${rng.hex(64)}`;
    // A third of the application images are pinned by digest, as GitOps pipelines deploy them.
    const image = i >= PUBLIC.length && i % 3 === 0 ? imageID : tagged;
    pool.push({ image, imageID, sizeBytes: rng.range(20, 900) * 1_000_000, openshift: false });
  }
  return pool;
}

export interface SimNode { readonly name: string; readonly master: boolean; readonly ip: string }

/** Unit 0 carries the three control-plane nodes; every unit adds workers up to six nodes. */
export function nodesOfUnit(unit: number): SimNode[] {
  return Array.from({ length: 6 }, (_, i) => {
    const k = unit * 6 + i;
    const ip = `10.0.${16 + Math.floor(k / 200)}.${10 + (k % 200)}`;
    return { name: `ip-${ip.replaceAll('.', '-')}.ec2.internal`, master: unit === 0 && i < 3, ip };
  });
}

/** `index` is the node's cluster-wide index (unit * 6 + i): it names its zone and its Machine. */
export function nodeObject(rng: Rng, node: SimNode, index: number, pool: readonly PoolImage[], rv: () => string, id: ClusterIdentity): KubeObject {
  const role = node.master ? 'master' : 'worker';
  const zone = zoneOf(index);
  const created = node.master ? 600 : 1800 + index * 60;
  const instance = `i-0${rng.hex(16)}`;
  // Every node of a pool runs the pool's current rendered config.
  const rendered = renderedConfigs(id, role, 1)[0]!;
  const heartbeat = timestamp(30 * 86400);
  const cpu = node.master ? 8 : 16;
  const memKi = node.master ? 32_000_000 : 64_000_000;
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: {
      name: node.name,
      uid: rng.uuid(),
      resourceVersion: rv(),
      creationTimestamp: timestamp(created),
      labels: {
        'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/instance-type': node.master ? 'm6i.2xlarge' : 'm6i.4xlarge',
        'beta.kubernetes.io/os': 'linux', 'failure-domain.beta.kubernetes.io/region': 'us-east-1', 'failure-domain.beta.kubernetes.io/zone': zone,
        'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': node.name.split('.')[0]!, 'kubernetes.io/os': 'linux',
        [`node-role.kubernetes.io/${role}`]: '', ...(node.master ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
        'node.kubernetes.io/instance-type': node.master ? 'm6i.2xlarge' : 'm6i.4xlarge', 'node.openshift.io/os_id': 'rhcos',
        'topology.ebs.csi.aws.com/zone': zone, 'topology.kubernetes.io/region': 'us-east-1', 'topology.kubernetes.io/zone': zone,
      },
      annotations: {
        'cloud.network.openshift.io/egress-ipconfig': `[{"interface":"eni-${rng.hex(17)}","ifaddr":{"ipv4":"10.0.0.0/18"},"capacity":{"ipv4":14,"ipv6":15}}]`,
        'machine.openshift.io/machine': `openshift-machine-api/${machineName(id, index, node.master)}`,
        'machineconfiguration.openshift.io/controlPlaneTopology': 'HighlyAvailable',
        'machineconfiguration.openshift.io/currentConfig': rendered,
        'machineconfiguration.openshift.io/desiredConfig': rendered,
        'machineconfiguration.openshift.io/reason': '',
        'machineconfiguration.openshift.io/state': 'Done',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      providerID: `aws:///${zone}/${instance}`,
      ...(node.master ? { taints: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }] } : {}),
    },
    status: {
      capacity: { cpu: String(cpu), 'ephemeral-storage': '125238252Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: `${memKi}Ki`, pods: '250' },
      allocatable: { cpu: `${cpu * 1000 - 500}m`, 'ephemeral-storage': '114345831029', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: `${memKi - 1_500_000}Ki`, pods: '250' },
      conditions: [
        ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
        ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
        ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
        ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
      ].map(([type, status, reason, message]) => ({ type, status, lastHeartbeatTime: heartbeat, lastTransitionTime: timestamp(created + 120), reason, message })),
      addresses: [
        { type: 'InternalIP', address: node.ip },
        { type: 'Hostname', address: node.name },
        { type: 'InternalDNS', address: node.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: rng.hex(32),
        systemUUID: `ec2${rng.hex(5)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
        bootID: rng.uuid(),
        kernelVersion: '5.14.0-427.42.1.el9_4.x86_64',
        osImage: 'Red Hat Enterprise Linux CoreOS 417.94.202410211619-0',
        containerRuntimeVersion: 'cri-o://1.30.6-3.rhaos4.17.gitd7f3909.el9',
        kubeletVersion: 'v1.30.5',
        kubeProxyVersion: 'v1.30.5',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
      images: rng.sample(pool, 40).map((img) => ({ names: img.openshift ? [img.image] : [img.imageID, img.image], sizeBytes: img.sizeBytes })),
    },
  };
}
