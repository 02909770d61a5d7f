/**
 * The machine API and machine-config objects of a generated cluster (AWS IPI, OpenShift 4.17): a
 * Machine behind every node, a worker MachineSet per zone and the ControlPlaneMachineSet owning the
 * masters, MachineHealthChecks, a MachineAutoscaler and the ClusterAutoscaler; the master and worker
 * MachineConfigPools, the MachineConfigs they render (and the rendered configs of earlier versions,
 * no longer used), a KubeletConfig and a ContainerRuntimeConfig. Nodes' currentConfig/desiredConfig
 * annotations name the pools' rendered configs.
 */
import { BASE_TIME, Rng, timestamp } from './prng.ts';
import { machineName, machineSetName, renderedConfigs, stableUid, zoneOf, ZONES } from './scale-identity.ts';
import type { ClusterIdentity } from './scale-identity.ts';
import { nodesOfUnit } from './scale-nodes.ts';
import type { Canaries } from './scale-secrets.ts';
import type { KubeObject } from './store.ts';

type Json = Record<string, any>;

const MAPI = 'machine.openshift.io/v1beta1';
const NS = 'openshift-machine-api';
const MCO = 'machineconfiguration.openshift.io/v1';
const CLUSTER_LABEL = 'machine.openshift.io/cluster-api-cluster';

const INSTANCE_TYPE = { master: 'm6i.2xlarge', worker: 'm6i.4xlarge' } as const;

/** How many worker nodes a cluster of `scale` units has in each zone (the MachineSets' replicas). */
export function workersPerZone(scale: number): Map<string, number> {
  const counts = new Map(ZONES.map((z) => [z, 0]));
  for (let unit = 0; unit < scale; unit++) {
    for (const [i, node] of nodesOfUnit(unit).entries()) if (!node.master) counts.set(zoneOf(unit * 6 + i), counts.get(zoneOf(unit * 6 + i))! + 1);
  }
  return counts;
}

function providerSpec(id: ClusterIdentity, role: 'master' | 'worker', zone: string | undefined): Json {
  const ami = new Rng(`kube-sim/${id.seed}/ami`).hex(17);
  return {
    ami: { id: `ami-${ami}` }, apiVersion: MAPI,
    blockDevices: [{ ebs: { encrypted: true, iops: 0, kmsKey: { arn: '' }, volumeSize: 120, volumeType: 'gp3' } }],
    credentialsSecret: { name: 'aws-cloud-credentials' }, deviceIndex: 0, iamInstanceProfile: { id: `${id.infraName}-${role}-profile` },
    instanceType: INSTANCE_TYPE[role], kind: 'AWSMachineProviderConfig',
    ...(role === 'master' ? { loadBalancers: [{ name: `${id.infraName}-int`, type: 'network' }, { name: `${id.infraName}-ext`, type: 'network' }] } : {}),
    metadata: { creationTimestamp: null }, metadataServiceOptions: {},
    // The ControlPlaneMachineSet's template leaves zone and subnet to its failure domains.
    placement: zone === undefined ? { region: id.region } : { availabilityZone: zone, region: id.region },
    securityGroups: [{ filters: [{ name: 'tag:Name', values: [`${id.infraName}-${role}-sg`] }] }],
    ...(zone === undefined ? {} : { subnet: { filters: [{ name: 'tag:Name', values: [`${id.infraName}-private-${zone}`] }] } }),
    tags: [{ name: `kubernetes.io/cluster/${id.infraName}`, value: 'owned' }],
    userDataSecret: { name: `${role}-user-data` },
  };
}

const machineLabels = (id: ClusterIdentity, role: 'master' | 'worker'): Record<string, string> =>
  ({ [CLUSTER_LABEL]: id.infraName, 'machine.openshift.io/cluster-api-machine-role': role, 'machine.openshift.io/cluster-api-machine-type': role });

/** The Machine behind a node (read from the node object: zone, provider ID, addresses, uid). */
export function machineOfNode(rng: Rng, id: ClusterIdentity, node: KubeObject, index: number, rv: () => string): KubeObject {
  const n = node as Json;
  const master = 'node-role.kubernetes.io/master' in n['metadata'].labels;
  const role = master ? 'master' : 'worker';
  const zone = n['metadata'].labels['topology.kubernetes.io/zone'] as string;
  const created = (Date.parse(n['metadata'].creationTimestamp) - BASE_TIME) / 1000 - rng.range(180, 300);
  const providerID = n['spec'].providerID as string;
  const owner = master
    ? { apiVersion: 'machine.openshift.io/v1', kind: 'ControlPlaneMachineSet', name: 'cluster', uid: stableUid(id, 'controlplanemachineset'), blockOwnerDeletion: true, controller: true }
    : { apiVersion: MAPI, kind: 'MachineSet', name: machineSetName(id, zone), uid: stableUid(id, `machineset/${zone}`), blockOwnerDeletion: true, controller: true };
  const at = (s: number): string => timestamp(created + s);
  return {
    apiVersion: MAPI, kind: 'Machine',
    metadata: {
      name: machineName(id, index, master), namespace: NS, uid: rng.uuid(), resourceVersion: rv(), generation: master ? 3 : 2, creationTimestamp: at(0),
      ...(master ? {} : { generateName: `${machineSetName(id, zone)}-` }),
      labels: { ...machineLabels(id, role), ...(master ? {} : { 'machine.openshift.io/cluster-api-machineset': machineSetName(id, zone) }), 'machine.openshift.io/instance-type': INSTANCE_TYPE[role], 'machine.openshift.io/region': id.region, 'machine.openshift.io/zone': zone },
      annotations: { 'machine.openshift.io/instance-state': 'running' },
      finalizers: ['machine.machine.openshift.io'],
      ownerReferences: [owner],
    },
    spec: {
      lifecycleHooks: master ? { preDrain: [{ name: 'EtcdQuorumOperator', owner: 'clusteroperator/etcd' }] } : {},
      metadata: {}, providerID, providerSpec: { value: providerSpec(id, role, zone) },
    },
    status: {
      addresses: (n['status'].addresses as Json[]).map((a) => ({ address: a['address'], type: a['type'] })),
      conditions: [
        { lastTransitionTime: at(2), status: 'True', type: 'Drainable' },
        { lastTransitionTime: at(90), status: 'True', type: 'InstanceExists' },
        { lastTransitionTime: at(2), status: 'True', type: 'Terminable' },
      ],
      lastUpdated: at(240),
      nodeRef: { kind: 'Node', name: n['metadata'].name, uid: n['metadata'].uid },
      phase: 'Running',
      providerStatus: {
        conditions: [{ lastTransitionTime: at(44), message: 'Machine successfully created', reason: 'MachineCreationSucceeded', status: 'True', type: 'MachineCreation' }],
        instanceId: providerID.slice(providerID.lastIndexOf('/') + 1), instanceState: 'running',
      },
    },
  };
}

/** MachineSets, the ControlPlaneMachineSet, MachineHealthChecks, autoscalers, and a few machine API events. */
export function machineApiObjects(rng: Rng, id: ClusterIdentity, scale: number, rv: () => string): KubeObject[] {
  const meta = (name: string, uid: string, created: number, extra: Json = {}): KubeObject['metadata'] =>
    ({ name, namespace: NS, uid, resourceVersion: rv(), generation: 1, creationTimestamp: timestamp(created), ...extra });
  const workers = workersPerZone(scale);
  const out: KubeObject[] = [];
  for (const zone of ZONES) {
    const name = machineSetName(id, zone);
    const replicas = workers.get(zone)!;
    out.push({
      apiVersion: MAPI, kind: 'MachineSet',
      metadata: meta(name, stableUid(id, `machineset/${zone}`), 310, {
        labels: { [CLUSTER_LABEL]: id.infraName },
        annotations: { 'capacity.cluster-autoscaler.kubernetes.io/labels': 'kubernetes.io/arch=amd64', 'machine.openshift.io/GPU': '0', 'machine.openshift.io/memoryMb': '65536', 'machine.openshift.io/vCPU': '16' },
      }),
      spec: {
        replicas,
        selector: { matchLabels: { [CLUSTER_LABEL]: id.infraName, 'machine.openshift.io/cluster-api-machineset': name } },
        template: {
          metadata: { labels: { ...machineLabels(id, 'worker'), 'machine.openshift.io/cluster-api-machineset': name } },
          spec: { lifecycleHooks: {}, metadata: {}, providerSpec: { value: providerSpec(id, 'worker', zone) } },
        },
      },
      status: { availableReplicas: replicas, fullyLabeledReplicas: replicas, observedGeneration: 1, readyReplicas: replicas, replicas },
    });
  }
  const cpmsAt = 900;
  const cpmsCondition = (type: string, status: string, reason: string): Json => ({ lastTransitionTime: timestamp(cpmsAt + 300), message: '', observedGeneration: 1, reason, status, type });
  out.push({
    apiVersion: 'machine.openshift.io/v1', kind: 'ControlPlaneMachineSet',
    metadata: meta('cluster', stableUid(id, 'controlplanemachineset'), cpmsAt, { labels: { [CLUSTER_LABEL]: id.infraName }, finalizers: ['controlplanemachineset.machine.openshift.io'] }),
    spec: {
      replicas: 3, state: 'Active', strategy: { type: 'RollingUpdate' },
      selector: { matchLabels: machineLabels(id, 'master') },
      template: {
        machineType: 'machines_v1beta1_machine_openshift_io',
        machines_v1beta1_machine_openshift_io: {
          failureDomains: { platform: 'AWS', aws: ZONES.map((zone) => ({ placement: { availabilityZone: zone }, subnet: { type: 'Filters', filters: [{ name: 'tag:Name', values: [`${id.infraName}-private-${zone}`] }] } })) },
          metadata: { labels: machineLabels(id, 'master') },
          spec: { lifecycleHooks: {}, metadata: {}, providerSpec: { value: providerSpec(id, 'master', undefined) } },
        },
      },
    },
    status: {
      conditions: [cpmsCondition('Error', 'False', 'AsExpected'), cpmsCondition('Available', 'True', 'AllReplicasAvailable'), cpmsCondition('Degraded', 'False', 'AsExpected'), cpmsCondition('Progressing', 'False', 'AllReplicasUpdated')],
      observedGeneration: 1, readyReplicas: 3, replicas: 3, updatedReplicas: 3,
    },
  });
  const workerCount = [...workers.values()].reduce((a, b) => a + b, 0);
  out.push({
    apiVersion: MAPI, kind: 'MachineHealthCheck',
    metadata: meta('machine-api-termination-handler', rng.uuid(), 320, {
      labels: { api: 'clusterapi', 'k8s-app': 'termination-handler' },
      annotations: { 'exclude.release.openshift.io/internal-openshift-hosted': 'true', 'include.release.openshift.io/self-managed-high-availability': 'true' },
    }),
    spec: { maxUnhealthy: '100%', nodeStartupTimeout: '10m', selector: { matchLabels: { 'machine.openshift.io/interruptible-instance': '' } }, unhealthyConditions: [{ status: 'True', timeout: '0s', type: 'Terminating' }] },
    status: { conditions: [{ lastTransitionTime: timestamp(330), status: 'True', type: 'RemediationAllowed' }], currentHealthy: 0, expectedMachines: 0, remediationsAllowed: 0 },
  }, {
    apiVersion: MAPI, kind: 'MachineHealthCheck',
    metadata: meta('worker-unhealthy', stableUid(id, 'machinehealthcheck/worker-unhealthy'), 5 * 86400),
    spec: {
      maxUnhealthy: '40%', nodeStartupTimeout: '15m',
      selector: { matchLabels: { 'machine.openshift.io/cluster-api-machine-role': 'worker' } },
      unhealthyConditions: [{ status: 'False', timeout: '300s', type: 'Ready' }, { status: 'Unknown', timeout: '300s', type: 'Ready' }],
    },
    status: { conditions: [{ lastTransitionTime: timestamp(5 * 86400 + 5), status: 'True', type: 'RemediationAllowed' }], currentHealthy: workerCount, expectedMachines: workerCount, remediationsAllowed: Math.floor(workerCount * 0.4) },
  });
  const scaled = machineSetName(id, ZONES[0]!);
  out.push({
    apiVersion: 'autoscaling.openshift.io/v1beta1', kind: 'MachineAutoscaler',
    metadata: meta(`worker-${ZONES[0]}`, rng.uuid(), 6 * 86400, { finalizers: ['machinetarget.autoscaling.openshift.io'] }),
    spec: { maxReplicas: workers.get(ZONES[0]!)! + 12, minReplicas: 1, scaleTargetRef: { apiVersion: MAPI, kind: 'MachineSet', name: scaled } },
    status: { lastTargetRef: { apiVersion: MAPI, kind: 'MachineSet', name: scaled } },
  });
  out.push({
    apiVersion: 'autoscaling.openshift.io/v1', kind: 'ClusterAutoscaler',
    metadata: { name: 'default', uid: rng.uuid(), resourceVersion: rv(), generation: 1, creationTimestamp: timestamp(6 * 86400) },
    spec: {
      podPriorityThreshold: -10,
      resourceLimits: { maxNodesTotal: workerCount + 3 + 24, cores: { min: 8, max: 16 * (workerCount + 24) }, memory: { min: 4, max: 64 * (workerCount + 24) } },
      scaleDown: { enabled: true, delayAfterAdd: '10m', delayAfterDelete: '5m', delayAfterFailure: '30s', unneededTime: '5m', utilizationThreshold: '0.4' },
    },
    status: {},
  });
  return out;
}

/** Events `machineApiEvents` adds (to unit 0's). */
export const MACHINE_API_EVENTS = 3;

/**
 * Warnings the machine controllers raised lately about a worker Machine (unit 0's first): an update
 * that had to be retried, a drain blocked by a disruption budget, the health check finding its node
 * unhealthy.
 */
export function machineApiEvents(rng: Rng, id: ClusterIdentity, machine: KubeObject, rv: () => string): KubeObject[] {
  const event = (object: Json, reason: string, message: string, at: number, count: number, component: string): KubeObject => ({
    apiVersion: 'v1', kind: 'Event',
    metadata: { name: `${object['name']}.${rng.hex(16)}`, namespace: NS, uid: rng.uuid(), resourceVersion: rv(), creationTimestamp: timestamp(at) },
    involvedObject: { ...object, namespace: NS, resourceVersion: String(rng.range(10000, 99999)) },
    reason, message, source: { component }, firstTimestamp: timestamp(at), lastTimestamp: timestamp(at + (count - 1) * 600), count, type: 'Warning',
    eventTime: null, reportingComponent: component, reportingInstance: '',
  });
  const name = machine.metadata.name;
  const worker = { apiVersion: MAPI, kind: 'Machine', name, uid: machine.metadata.uid };
  const at = 29 * 86400 + 4000;
  return [
    event(worker, 'FailedUpdate', `${name}: reconciler failed to Update machine: requeue in: 20s`, at, 3, 'machine-controller'),
    event(worker, 'DrainRequeued', 'Drain failed: error when evicting pods/"checkout-api-7d9f" -n "checkout-prod-0": Cannot evict pod as it would violate the pod\'s disruption budget.', at + 100, 6, 'machine-drain-controller'),
    event({ apiVersion: MAPI, kind: 'MachineHealthCheck', name: 'worker-unhealthy', uid: stableUid(id, 'machinehealthcheck/worker-unhealthy') }, 'DetectedUnhealthy', `Machine ${NS}/worker-unhealthy/${name}/${machine.metadata.name} has unhealthy node`, at + 200, 1, 'machinehealthcheck-controller'),
  ];
}

// --- machine config

const dataUrl = (text: string): string => `data:,${encodeURIComponent(text)}`;

interface McSpec { files: Json[]; units: Json[]; users?: Json[]; kernelArguments?: string[] | null }
type Part = [name: string, spec: McSpec, owner?: Json, annotations?: Record<string, string>];

function machineConfig(rng: Rng, rv: () => string, name: string, role: string, spec: McSpec, created: number, osImageURL: string, owner?: Json, annotations: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: MCO, kind: 'MachineConfig',
    metadata: {
      name, uid: rng.uuid(), resourceVersion: rv(), generation: 1, creationTimestamp: timestamp(created),
      labels: { 'machineconfiguration.openshift.io/role': role },
      annotations: { 'machineconfiguration.openshift.io/generated-by-controller-version': 'c1b3fd8e5f2c6ab3c8e5d1a2f0b7e9d4c6a3b2e1', ...annotations },
      ...(owner === undefined ? {} : { ownerReferences: [owner] }),
    },
    spec: {
      config: { ignition: { version: '3.4.0' }, passwd: { users: spec.users ?? null }, storage: { files: spec.files }, systemd: { units: spec.units } },
      extensions: null, fips: false, kernelArguments: spec.kernelArguments ?? null, kernelType: '', osImageURL,
    },
  };
}

/**
 * MachineConfigPools, the MachineConfigs their rendered configs are made from, the rendered configs
 * (current and two of earlier versions per pool), a KubeletConfig and a ContainerRuntimeConfig. The
 * worker pool's pull secret file carries a canary.
 */
export function machineConfigObjects(rng: Rng, id: ClusterIdentity, scale: number, rv: () => string, canaries: Canaries, caPem: string, sshKey: string): KubeObject[] {
  const out: KubeObject[] = [];
  const osImages = Array.from({ length: 3 }, () => `quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:${rng.hex(64)}`);
  const controllerUid = rng.uuid();
  const controller = { apiVersion: MCO, blockOwnerDeletion: true, controller: true, kind: 'ControllerConfig', name: 'machine-config-controller', uid: controllerUid };
  const workers = [...workersPerZone(scale).values()].reduce((a, b) => a + b, 0);
  const kubeletConfigUid = rng.uuid();
  const ctrcfgUid = rng.uuid();
  const pools: Array<['master' | 'worker', number]> = [['master', 3], ['worker', workers]];
  for (const [role, count] of pools) {
    const registryPassword = role === 'worker' ? canaries.next('MachineConfig 00-worker and rendered-worker-* .spec.config.storage.files[/var/lib/kubelet/config.json] pull secret password (raw, URL-encoded data URL)') : undefined;
    const pullSecret = JSON.stringify({ auths: { 'cloud.openshift.com': { auth: Buffer.from(`${id.clusterName}-pull:${rng.hex(24)}`).toString('base64'), email: `admin@${id.baseDomain}` }, 'registry.corp.example.com:5000': { username: 'ocp-pull', password: registryPassword ?? rng.hex(24) } } });
    const generated: Part[] = role === 'worker' ? [
      ['99-worker-generated-kubelet', { files: [{ contents: { source: dataUrl('{"kind":"KubeletConfiguration","apiVersion":"kubelet.config.k8s.io/v1beta1","maxPods":250,"systemReserved":{"cpu":"500m","memory":"1Gi"}}') }, mode: 420, overwrite: true, path: '/etc/kubernetes/kubelet.conf' }], units: [] }, { apiVersion: MCO, blockOwnerDeletion: true, controller: true, kind: 'KubeletConfig', name: 'set-max-pods', uid: kubeletConfigUid }],
      ['99-worker-generated-containerruntime', { files: [{ contents: { source: dataUrl('[crio]\n[crio.runtime]\npids_limit = 4096\n') }, mode: 420, overwrite: true, path: '/etc/crio/crio.conf.d/01-ctrcfg-pidsLimit' }], units: [] }, { apiVersion: MCO, blockOwnerDeletion: true, controller: true, kind: 'ContainerRuntimeConfig', name: 'set-pids-limit', uid: ctrcfgUid }],
    ] : [];
    const parts: Part[] = [
      [`00-${role}`, {
        files: [
          { contents: { source: dataUrl(caPem) }, mode: 420, overwrite: true, path: '/etc/kubernetes/kubelet-ca.crt' },
          { contents: { source: dataUrl(pullSecret) }, mode: 384, overwrite: true, path: '/var/lib/kubelet/config.json' },
          { contents: { source: dataUrl('[crio.runtime]\nselinux = true\nconmon = ""\nconmon_cgroup = "pod"\ndefault_sysctls = [\n    "net.ipv4.ping_group_range=0 2147483647",\n]\n') }, mode: 420, overwrite: true, path: '/etc/crio/crio.conf.d/00-default' },
        ],
        units: [
          { contents: '[Unit]\nDescription=Machine Config Daemon Firstboot\nConditionPathExists=/etc/ignition-machine-config-encapsulated.json\nBefore=crio.service kubelet.service\n\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/run/bin/machine-config-daemon firstboot-complete-machineconfig\n\n[Install]\nWantedBy=multi-user.target\n', enabled: true, name: 'machine-config-daemon-firstboot.service' },
          { dropins: [{ contents: '[Service]\nEnvironment="ENABLE_PROFILE_UNIX_SOCKET=true"\n', name: '10-mco-profile-unix-socket.conf' }], name: 'crio.service' },
        ],
      }, controller],
      [`01-${role}-container-runtime`, { files: [{ contents: { source: dataUrl('[crio]\ninternal_wipe = true\nstorage_driver = "overlay"\n') }, mode: 420, overwrite: true, path: '/etc/crio/crio.conf.d/01-ctrcfg-pidsLimit' }], units: [] }, controller],
      [`01-${role}-kubelet`, { files: [], units: [{ contents: `[Unit]\nDescription=Kubernetes Kubelet\nWants=rpc-statd.service network-online.target\nAfter=network-online.target crio.service\n\n[Service]\nType=notify\nExecStart=/usr/bin/kubelet --config=/etc/kubernetes/kubelet.conf --node-labels=node-role.kubernetes.io/${role},node.openshift.io/os_id=\${ID} --v=\${KUBELET_LOG_LEVEL}\nRestart=always\nRestartSec=10\n\n[Install]\nWantedBy=multi-user.target\n`, enabled: true, name: 'kubelet.service' }] }, controller],
      [`97-${role}-generated-kubelet`, { files: [{ contents: { source: dataUrl('{"kind":"KubeletConfiguration","apiVersion":"kubelet.config.k8s.io/v1beta1","systemReserved":{"cpu":"500m","memory":"1Gi"}}') }, mode: 420, overwrite: true, path: '/etc/kubernetes/kubelet.conf' }], units: [] }, controller],
      [`99-${role}-generated-registries`, { files: [{ contents: { source: dataUrl('unqualified-search-registries = ["registry.access.redhat.com", "docker.io"]\nshort-name-mode = ""\n\n[[registry]]\n  prefix = ""\n  location = "registry.corp.example.com:5000"\n  insecure = false\n') }, mode: 420, overwrite: true, path: '/etc/containers/registries.conf' }], units: [] }, controller],
      [`99-${role}-ssh`, { files: [], units: [], users: [{ name: 'core', sshAuthorizedKeys: [sshKey] }] }],
      ...generated,
    ];
    const sources = parts.map(([name]) => ({ apiVersion: MCO, kind: 'MachineConfig', name }));
    for (const [name, spec, owner, annotations] of parts) out.push(machineConfig(rng, rv, name, role, spec, 400, osImages[0]!, owner, annotations));
    // The rendered configs merge their sources; the older ones ran the earlier releases' OS images.
    const merged: McSpec = {
      files: parts.flatMap(([, s]) => s.files).filter((f, i, all) => all.findLastIndex((g) => g['path'] === f['path']) === i),
      units: parts.flatMap(([, s]) => s.units),
      users: parts.flatMap(([, s]) => s.users ?? []),
    };
    const rendered = renderedConfigs(id, role);
    rendered.forEach((name, i) => out.push(machineConfig(rng, rv, name, role, merged, 20 * 86400 - i * 7 * 86400, osImages[i]!, controller, { 'machineconfiguration.openshift.io/release-image-version': ['4.17.3', '4.17.1', '4.16.20'][i]! })));
    const configuration = { name: rendered[0]!, source: sources };
    const at = timestamp(20 * 86400 + 3600);
    const condition = (type: string, status: string, message = ''): Json => ({ lastTransitionTime: at, message, reason: '', status, type });
    out.push({
      apiVersion: MCO, kind: 'MachineConfigPool',
      metadata: { name: role, uid: rng.uuid(), resourceVersion: rv(), generation: 3, creationTimestamp: timestamp(400), labels: { 'machineconfiguration.openshift.io/mco-built-in': '', [`pools.operator.machineconfiguration.openshift.io/${role}`]: '' } },
      spec: {
        configuration, machineConfigSelector: { matchLabels: { 'machineconfiguration.openshift.io/role': role } },
        nodeSelector: { matchLabels: { [`node-role.kubernetes.io/${role}`]: '' } }, paused: false,
        ...(role === 'worker' ? { maxUnavailable: 2 } : {}),
      },
      status: {
        conditions: [condition('RenderDegraded', 'False'), condition('NodeDegraded', 'False'), condition('Degraded', 'False'), condition('Updated', 'True', `All nodes are updated with MachineConfig ${rendered[0]}`), condition('Updating', 'False')],
        configuration, degradedMachineCount: 0, machineCount: count, observedGeneration: 3, readyMachineCount: count, unavailableMachineCount: 0, updatedMachineCount: count,
      },
    });
  }
  const success = (at: number): Json[] => [{ lastTransitionTime: timestamp(at), message: 'Success', status: 'True', type: 'Success' }];
  out.push({
    apiVersion: MCO, kind: 'KubeletConfig',
    metadata: { name: 'set-max-pods', uid: kubeletConfigUid, resourceVersion: rv(), generation: 1, creationTimestamp: timestamp(3 * 86400), annotations: { 'machineconfiguration.openshift.io/mc-name-suffix': '' }, finalizers: ['99-worker-generated-kubelet'] },
    spec: { kubeletConfig: { maxPods: 250 }, machineConfigPoolSelector: { matchLabels: { 'pools.operator.machineconfiguration.openshift.io/worker': '' } } },
    status: { conditions: success(3 * 86400 + 2), observedGeneration: 1 },
  }, {
    apiVersion: MCO, kind: 'ContainerRuntimeConfig',
    metadata: { name: 'set-pids-limit', uid: ctrcfgUid, resourceVersion: rv(), generation: 1, creationTimestamp: timestamp(3 * 86400 + 600), annotations: { 'machineconfiguration.openshift.io/mc-name-suffix': '' }, finalizers: ['99-worker-generated-containerruntime'] },
    spec: { containerRuntimeConfig: { logLevel: 'info', logSizeMax: '0', overlaySize: '0', pidsLimit: 4096 }, machineConfigPoolSelector: { matchLabels: { 'pools.operator.machineconfiguration.openshift.io/worker': '' } } },
    status: { conditions: success(3 * 86400 + 602), observedGeneration: 1 },
  });
  return out;
}
