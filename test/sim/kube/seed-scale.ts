/**
 * A generated cluster of scale N: cluster singletons and the platform's fixed objects (operators,
 * configuration, RBAC, CRDs, machine API and machine config, OLM, ingress and network objects) plus N
 * units of namespaces, nodes and their machines, workloads and their pods, configmaps, secrets,
 * service accounts, PDBs, events, CSRs and InstallPlans. Deterministic: the same scale and seed give
 * byte-identical objects, and unit u is the same at every scale. Objects are yielded one by one so a
 * 100,000-pod cluster never exists as live objects all at once.
 */
import { Rng, timestamp } from './prng.ts';
import { CLUSTER_OPERATORS, CONFIG_SINGLETONS, clusterObjects, DEGRADABLE_OPERATORS, PROXY_HOST } from './scale-cluster.ts';
import { csrsOfUnit } from './scale-csr.ts';
import { apiIntHost, clusterIdentity } from './scale-identity.ts';
import type { ClusterIdentity } from './scale-identity.ts';
import { MACHINE_API_EVENTS, machineApiEvents, machineApiObjects, machineConfigObjects, machineOfNode } from './scale-machines.ts';
import { dnsRecord, nodeConnectivityChecks, operatorPkis, podNetworkConnectivityChecks, routerCertificates } from './scale-network.ts';
import { imagePool, nodeObject, nodesOfUnit } from './scale-nodes.ts';
import type { PoolImage, SimNode } from './scale-nodes.ts';
import { FIXED_INSTALL_PLANS, installPlans, olmObjects } from './scale-olm.ts';
import { FIXED_NAMESPACES, OPERATOR_RESOURCES } from './scale-operators.ts';
import { ownerObjects } from './scale-owners.ts';
import {
  clusterCas, configObjects, customResourceDefinitions, imagePruner, namespaceBasics, REGISTRY_CLAIM, registryStorage, REVISIONED_COUNTS,
  revisionedObjects, serviceAccounts, storageObjects, webhookConfigurations, WITHOUT_CA_CONFIGMAPS,
} from './scale-platform.ts';
import type { ClusterCas, PlatformArgs } from './scale-platform.ts';
import { makeWorkload, podObject } from './scale-pods.ts';
import type { Scc, Workload } from './scale-pods.ts';
import { aggregatedClusterRoles, AGGREGATED_ROLE_COUNT } from './scale-rbac.ts';
import { bearerTokenData, Canaries, namespaceSecrets, privateKeyData, tlsSecret } from './scale-secrets.ts';
import type { KubeObject } from './store.ts';

export { Canaries, canaryNeedles } from './scale-secrets.ts';
export type { Canary } from './scale-secrets.ts';

/** Named sizes: about 500, 20,000 and 100,000 pods. */
export type ScalePreset = 'small' | 'large' | 'huge';
export const SCALE_PRESETS: Readonly<Record<ScalePreset, number>> = { small: 1, large: 40, huge: 200 };

/** A preset's unit count, or the positive integer itself. */
export function resolveScale(scale: number | string): number {
  const n = typeof scale === 'string' && scale in SCALE_PRESETS ? SCALE_PRESETS[scale as ScalePreset] : typeof scale === 'string' && /^\d+$/.test(scale) ? Number(scale) : scale;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) throw new RangeError(`scale must be a positive integer or one of ${Object.keys(SCALE_PRESETS).join(', ')}, got ${String(scale)}`);
  return n;
}

export const DEFAULT_SEED = 1;

export interface ScaleOptions {
  /** Default DEFAULT_SEED. Every random choice derives from it. */
  seed?: number;
  /** Receives every canary placed (pass one to read the list when the generator is done). */
  canaries?: Canaries;
}

/** What each unit of scale adds, where the count is fixed. */
export const PER_UNIT = { namespaces: 10, pods: 500, nodes: 6, configmaps: 100, events: 200, csrs: 3, installPlans: 3, pdbs: 10, connectivityChecks: 6 } as const;
/** Objects present at every scale. */
export const FIXED = {
  clusterVersions: 1, configSingletons: 4 + CONFIG_SINGLETONS.length, clusterOperators: CLUSTER_OPERATORS.length,
  operatorResources: Object.keys(OPERATOR_RESOURCES).length, namespaces: FIXED_NAMESPACES.length, installPlans: FIXED_INSTALL_PLANS,
  /** Two CA bundles per fixed namespace (but default), openshift-config's 11, install-config, insights and monitoring config, kube-apiserver's revisions. */
  configMaps: 2 * (FIXED_NAMESPACES.length - WITHOUT_CA_CONFIGMAPS.size) + 14 + REVISIONED_COUNTS.configMaps,
  /** Machine API warnings about one of unit 0's machines. */
  events: MACHINE_API_EVENTS,
  /** To the API servers, their services and load balancers (node targets are per unit). */
  connectivityChecks: 11,
} as const;

/** The namespaces of a cluster of `scale` units: the fixed ones and the units'. */
export function clusterNamespaces(scale: number): Set<string> {
  const namespaces = new Set(FIXED_NAMESPACES);
  for (let unit = 0; unit < scale; unit++) for (const ns of namespacesOfUnit(unit)) namespaces.add(ns.name);
  return namespaces;
}

/**
 * Counts of the kinds whose number is fixed, keyed `Kind` (core) or `group/Kind`. Workload
 * controllers, Secrets and ServiceAccounts vary with the workloads drawn (every pod's owner exists).
 */
export function expectedCounts(scale: number): Record<string, number> {
  const config = (kind: string): string => `config.openshift.io/${kind}`;
  return {
    Namespace: clusterNamespaces(scale).size, Pod: PER_UNIT.pods * scale, Node: PER_UNIT.nodes * scale,
    ConfigMap: PER_UNIT.configmaps * scale + FIXED.configMaps, Event: PER_UNIT.events * scale + FIXED.events,
    PersistentVolumeClaim: 1, PersistentVolume: 1,
    'certificates.k8s.io/CertificateSigningRequest': PER_UNIT.csrs * scale,
    'operators.coreos.com/InstallPlan': PER_UNIT.installPlans * scale + FIXED.installPlans,
    'operators.coreos.com/Subscription': 4, 'operators.coreos.com/ClusterServiceVersion': 5, 'operators.coreos.com/Operator': 4,
    [config('ClusterVersion')]: 1, [config('ClusterOperator')]: FIXED.clusterOperators,
    ...Object.fromEntries(['Infrastructure', 'Network', 'Proxy', 'FeatureGate', ...CONFIG_SINGLETONS].map((kind) => [config(kind), 1])),
    'rbac.authorization.k8s.io/ClusterRole': AGGREGATED_ROLE_COUNT,
    'apiextensions.k8s.io/CustomResourceDefinition': 4,
    'storage.k8s.io/StorageClass': 2, 'storage.k8s.io/CSIDriver': 1,
    'admissionregistration.k8s.io/ValidatingWebhookConfiguration': 6, 'admissionregistration.k8s.io/MutatingWebhookConfiguration': 1,
    'policy/PodDisruptionBudget': PER_UNIT.pdbs * scale,
    'machine.openshift.io/Machine': PER_UNIT.nodes * scale, 'machine.openshift.io/MachineSet': 3, 'machine.openshift.io/ControlPlaneMachineSet': 1,
    'machine.openshift.io/MachineHealthCheck': 2, 'autoscaling.openshift.io/MachineAutoscaler': 1, 'autoscaling.openshift.io/ClusterAutoscaler': 1,
    'machineconfiguration.openshift.io/MachineConfigPool': 2, 'machineconfiguration.openshift.io/MachineConfig': 20,
    'machineconfiguration.openshift.io/KubeletConfig': 1, 'machineconfiguration.openshift.io/ContainerRuntimeConfig': 1,
    'imageregistry.operator.openshift.io/Config': 1, 'imageregistry.operator.openshift.io/ImagePruner': 1,
    'ingress.operator.openshift.io/DNSRecord': 1, 'network.operator.openshift.io/OperatorPKI': 2,
    'controlplane.operator.openshift.io/PodNetworkConnectivityCheck': FIXED.connectivityChecks + PER_UNIT.connectivityChecks * scale,
  };
}

/** The key expectedCounts uses for an object. */
export function countKey(o: { apiVersion: string; kind: string }): string {
  const slash = o.apiVersion.indexOf('/');
  return slash < 0 ? o.kind : `${o.apiVersion.slice(0, slash)}/${o.kind}`;
}

const OPENSHIFT_NAMESPACES = [
  'openshift-monitoring', 'openshift-ingress', 'openshift-etcd', 'openshift-kube-apiserver', 'openshift-dns', 'openshift-image-registry',
  'openshift-machine-api', 'openshift-marketplace', 'openshift-operator-lifecycle-manager', 'openshift-insights', 'openshift-cluster-version',
  'openshift-console', 'openshift-authentication', 'openshift-network-operator', 'openshift-ovn-kubernetes', 'openshift-multus',
  'openshift-machine-config-operator', 'openshift-cluster-node-tuning-operator', 'openshift-kube-controller-manager', 'openshift-kube-scheduler',
  'openshift-apiserver', 'openshift-controller-manager', 'openshift-service-ca', 'openshift-cluster-storage-operator', 'openshift-cluster-csi-drivers',
  'openshift-config-operator', 'openshift-oauth-apiserver', 'openshift-cloud-credential-operator', 'openshift-cluster-samples-operator',
  'openshift-kube-storage-version-migrator',
];
const TEAMS = ['payments', 'catalog', 'checkout', 'search', 'ledger', 'auth', 'notifications'];
const ENVS = ['prod', 'stage', 'dev'];
const COMPONENTS = ['api', 'worker', 'frontend', 'operator', 'controller', 'webhook', 'exporter', 'cache', 'scheduler', 'gateway', 'sync', 'agent'];

/** Three platform and seven application namespaces per unit; names never repeat across units. */
function namespacesOfUnit(unit: number): Array<{ name: string; openshift: boolean }> {
  const platform = [0, 1, 2].map((j) => OPENSHIFT_NAMESPACES[unit * 3 + j] ?? `openshift-sim-operator-${unit}-${j}`);
  const apps = TEAMS.map((team) => `${team}-${ENVS[unit % ENVS.length]}-${unit}`);
  return [...platform.map((name) => ({ name, openshift: true })), ...apps.map((name) => ({ name, openshift: false }))];
}

/** The ClusterOperator a seed's cluster reports Degraded (independent of the scale: unit 0 holds its crash-looping pod). */
export function degradedOperator(seed: number): string {
  return new Rng(`kube-sim/${seed}/degraded`).pick(DEGRADABLE_OPERATORS);
}

interface UnitContext {
  seed: number;
  pool: readonly PoolImage[];
  rv: () => string;
  canaries: Canaries;
  id: ClusterIdentity;
  /** Namespaces the fixed part creates (with their CA ConfigMaps and default ServiceAccounts). */
  fixed: ReadonlySet<string>;
  /** The degraded operator's namespace, where a pod of unit 0 crash-loops. */
  degradedNamespace: string;
}

export function* generateScaleCluster(scale: number, options: ScaleOptions = {}): Generator<KubeObject> {
  if (!Number.isSafeInteger(scale) || scale < 1) throw new RangeError(`scale must be a positive integer, got ${scale}`);
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  const canaries = options.canaries ?? new Canaries(seed);
  let resourceVersion = 1000;
  const rv = (): string => String(++resourceVersion);
  const pool = imagePool(seed);
  const id = clusterIdentity(seed);
  const degraded = degradedOperator(seed);
  const namespaces = clusterNamespaces(scale);
  const rng = new Rng(`kube-sim/${seed}/cluster/${scale}`);
  const platform: PlatformArgs = { rng: new Rng(`kube-sim/${seed}/platform/${scale}`), id, rv, canaries, proxyHost: PROXY_HOST };
  // CRDs first: the store serves their kinds from the moment they are added.
  yield* customResourceDefinitions(platform.rng, rv);
  const cluster = clusterObjects(rng, rv, { namespaces, canaries, id, degraded, registryClaim: REGISTRY_CLAIM });
  yield* cluster;
  const cas = clusterCas(platform.rng);
  for (const name of FIXED_NAMESPACES) {
    const ns = namespaceObject(rng, name, name.startsWith('openshift'), rv, sccOf(FIXED_NAMESPACES.indexOf(name)), 0);
    yield ns;
    yield* namespaceBasics(platform, cas, name, 5);
  }
  yield* platformObjects(platform, cas, cluster, scale);
  yield* olmObjects(rng, rv);
  const ctx: UnitContext = { seed, pool, rv, canaries, id, fixed: new Set(FIXED_NAMESPACES), degradedNamespace: `openshift-${degraded}` };
  for (let unit = 0; unit < scale; unit++) yield* unitObjects(unit, ctx);
}

/** The fixed part beyond the cluster objects and namespaces. `cluster` is what clusterObjects made. */
function* platformObjects(a: PlatformArgs, cas: ClusterCas, cluster: readonly KubeObject[], scale: number): Generator<KubeObject> {
  const { rng, id, rv, canaries } = a;
  const find = (apiVersion: string, kind: string): KubeObject => cluster.find((o) => o.apiVersion === apiVersion && o.kind === kind)!;
  yield* aggregatedClusterRoles(rng, rv);
  const sshKey = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${Buffer.from(rng.hex(64), 'hex').toString('base64').slice(0, 43)} admin@${id.clusterName}`;
  yield* configObjects(a, cas, sshKey);
  yield* registryStorage(a);
  yield imagePruner(a);
  yield* storageObjects(a);
  yield* webhookConfigurations(a, cas);
  const kubeApiServer = find('operator.openshift.io/v1', 'KubeAPIServer') as KubeObject & { status: { latestAvailableRevision: number } };
  yield* revisionedObjects(a, cas, kubeApiServer.status.latestAvailableRevision);
  yield* routerCertificates(rng, id, rv, canaries);
  yield dnsRecord(rng, id, rv, find('operator.openshift.io/v1', 'IngressController').metadata.uid!);
  yield* operatorPkis(rng, rv, find('operator.openshift.io/v1', 'Network').metadata.uid!);
  yield* podNetworkConnectivityChecks(id.seed, id, rv);
  yield* machineApiObjects(rng, id, scale, rv);
  yield* machineConfigObjects(rng, id, scale, rv, canaries, cas.rootBundle, sshKey);
}

function* unitObjects(unit: number, ctx: UnitContext): Generator<KubeObject> {
  const { seed, pool, rv, canaries, id, fixed } = ctx;
  // Seeded per unit: unit u is the same at every scale, so a larger cluster extends a smaller one.
  const rng = new Rng(`kube-sim/${seed}/unit/${unit}`);
  // Objects added since the first version draw from their own stream, leaving the others' values as they were.
  const extra = new Rng(`kube-sim/${seed}/unit/${unit}/platform`);
  const nodes = nodesOfUnit(unit);
  const machines: KubeObject[] = [];
  for (const [i, node] of nodes.entries()) {
    const index = unit * PER_UNIT.nodes + i;
    const object = nodeObject(rng, node, index, pool, rv, id);
    yield object;
    const machine = machineOfNode(extra, id, object, index, rv);
    machines.push(machine);
    yield machine;
  }
  if (unit === 0) yield* machineApiEvents(extra, id, machines.find((m) => !m.metadata.name.includes('-master-'))!, rv);
  yield* nodeConnectivityChecks(seed, unit, rv);
  yield* csrsOfUnit(rng, unit, nodes.map((n) => n.name), rv);
  const workers = nodes.filter((n) => !n.master);
  const masters = nodesOfUnit(0).filter((n) => n.master);
  const podsPerNs = PER_UNIT.pods / PER_UNIT.namespaces;
  for (const [k, ns] of namespacesOfUnit(unit).entries()) {
    const isFixed = fixed.has(ns.name);
    // A namespace of unit 0 was restored from another cluster's backup with its annotations: its UID range overlaps.
    const scc = sccOf(isFixed ? FIXED_NAMESPACES.indexOf(ns.name) : FIXED_NAMESPACES.length + unit * PER_UNIT.namespaces + (unit === 0 && k === 6 ? 5 : k));
    if (!isFixed) yield namespaceObject(rng, ns.name, ns.openshift, rv, scc);
    const placeable = ns.openshift ? [...masters, ...workers] : workers;
    const pods: Array<{ name: string; uid: string }> = [];
    const workloads: Workload[] = [];
    // The namespace's disruption budget covers its first Deployment (or, lacking one, its first workload).
    let budget: { w: Workload; pods: KubeObject[] } | undefined;
    let first: { w: Workload; pods: KubeObject[] } | undefined;
    // The degraded operator's namespace: the first replica of its first long-running workload crash-loops.
    let crash = unit === 0 && ns.name === ctx.degradedNamespace;
    while (pods.length < podsPerNs) {
      const kind = pickKind(rng);
      const app = `${ns.openshift ? ns.name.replace(/^openshift-/, '') : ns.name.split('-')[0]}-${COMPONENTS[workloads.length % COMPONENTS.length]}${workloads.length >= COMPONENTS.length ? `-${workloads.length}` : ''}`;
      const w = makeWorkload(rng, kind, app, pool, ns.openshift, ns.name, canaries);
      workloads.push(w);
      const replicas = Math.min(podsPerNs - pods.length, kind === 'DaemonSet' ? placeable.length : rng.range(1, 6));
      const own: KubeObject[] = [];
      for (let r = 0; r < replicas; r++) {
        const name = kind === 'StatefulSet' ? `${w.owner}-${r}` : `${w.owner}-${rng.suffix(5)}`;
        const node: SimNode = kind === 'DaemonSet' ? placeable[r % placeable.length]! : rng.pick(placeable);
        const fate = crash && kind !== 'Job' ? 'CrashLoopBackOff' : undefined;
        if (fate !== undefined) crash = false;
        const pod = podObject(rng, w, name, ns.name, node, ns.openshift, rv, fate, scc);
        pods.push({ name, uid: pod.metadata.uid! });
        own.push(pod);
        yield pod;
      }
      first ??= { w, pods: own };
      if (budget === undefined && kind === 'ReplicaSet') budget = { w, pods: own };
      yield* ownerObjects(rng, w, ns.name, own, rv);
    }
    const created = 86400 + rng.int(86400);
    const secrets = namespaceSecrets({ rng, namespace: ns.name, rv, canaries, created }, [...new Set(workloads.flatMap((w) => w.secretRefs))]);
    yield* secrets;
    // The first application namespace of a unit serves TLS itself; the first platform one has a key pasted into a ConfigMap.
    if (k === 3) yield tlsSecret({ rng, namespace: ns.name, rv, canaries, created }, `${ns.name.split('-')[0]}-tls`);
    yield* configMaps(rng, ns.name, workloads, rv, canaries, k === 0, !isFixed, `https://${apiIntHost(id)}:6443`);
    // The namespace's default ServiceAccounts (those of fixed namespaces come with them), and the workloads' own.
    const accounts = [...new Set([...(isFixed ? [] : ['builder', 'default', 'deployer']), ...workloads.map((w) => w.serviceAccount).filter((sa) => sa !== 'default')])];
    yield* serviceAccounts(extra, rv, ns.name, accounts, created, isFixed ? {} : { default: secrets[0]!.metadata.name });
    yield podDisruptionBudget(extra, ns.name, (budget ?? first)!, rv);
    if (k === 0) yield* installPlans(rng, ns.name, 2, rv);
    if (k === 3) yield* installPlans(rng, ns.name, 1, rv);
    yield* events(rng, ns.name, pods, workloads, placeable, rv);
  }
}

/** A PodDisruptionBudget of one unavailable pod for a Deployment, with a status that counts its pods. */
function podDisruptionBudget(rng: Rng, namespace: string, { w, pods }: { w: Workload; pods: readonly KubeObject[] }, rv: () => string): KubeObject {
  const ready = pods.filter((p) => ((p as { status?: { conditions?: Array<{ type: string; status: string }> } }).status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')).length;
  const desired = Math.max(0, pods.length - 1);
  const allowed = Math.max(0, ready - desired);
  const at = timestamp(2 * 86400 + rng.int(27 * 86400));
  return {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget',
    metadata: { name: `${w.app}-pdb`, namespace, uid: rng.uuid(), resourceVersion: rv(), generation: 1, creationTimestamp: at, labels: { app: w.app } },
    spec: { maxUnavailable: 1, selector: { matchLabels: { app: w.app } } },
    status: {
      conditions: [{ lastTransitionTime: at, message: '', observedGeneration: 1, reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods', status: allowed > 0 ? 'True' : 'False', type: 'DisruptionAllowed' }],
      currentHealthy: ready, desiredHealthy: desired, disruptionsAllowed: allowed, expectedPods: pods.length, observedGeneration: 1,
    },
  };
}

function pickKind(rng: Rng): Workload['kind'] {
  const r = rng.next();
  return r < 0.7 ? 'ReplicaSet' : r < 0.85 ? 'StatefulSet' : r < 0.95 ? 'DaemonSet' : 'Job';
}

/**
 * The UID range and SELinux level OpenShift gives the namespace created `index`-th: blocks of 10,000
 * from 1,000,000,000, and the index-th pair of MCS categories (c1,c0; c2,c0; c2,c1; c3,c0…).
 */
function sccOf(index: number): Scc {
  const i = Math.floor((1 + Math.sqrt(1 + 8 * index)) / 2);
  const uid = 1_000_000_000 + index * 10_000;
  return { uid, range: `${uid}/10000`, mcs: `s0:c${i},c${index - (i * (i - 1)) / 2}` };
}

function namespaceObject(rng: Rng, name: string, openshift: boolean, rv: () => string, scc: Scc, created = openshift ? 300 : 86400 + rng.int(86400)): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Namespace',
    metadata: {
      name, uid: rng.uuid(), resourceVersion: rv(), creationTimestamp: timestamp(created),
      labels: { 'kubernetes.io/metadata.name': name, ...(openshift ? { 'openshift.io/cluster-monitoring': 'true', 'pod-security.kubernetes.io/enforce': 'privileged' } : {}) },
      annotations: { 'openshift.io/sa.scc.mcs': scc.mcs, 'openshift.io/sa.scc.supplemental-groups': scc.range, 'openshift.io/sa.scc.uid-range': scc.range },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

/** `basics`: the namespace's CA ConfigMaps too (a fixed namespace has them already; two more application configs take their place). */
function* configMaps(rng: Rng, namespace: string, workloads: readonly Workload[], rv: () => string, canaries: Canaries, withKey: boolean, basics: boolean, apiServer: string): Generator<KubeObject> {
  const cm = (name: string, data: Record<string, string>): KubeObject => ({
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name, namespace, uid: rng.uuid(), resourceVersion: rv(), creationTimestamp: timestamp(86400 + rng.int(86400)) },
    data,
  });
  const pem = (cn: string): string => `-----BEGIN CERTIFICATE-----\nMIIDMjCCAhqgAwIBAgII${rng.hex(40)}\n${cn}\n-----END CERTIFICATE-----\n`;
  if (basics) {
    yield cm('kube-root-ca.crt', { 'ca.crt': pem('kube-apiserver-lb-signer') });
    yield cm('openshift-service-ca.crt', { 'service-ca.crt': pem('openshift-service-serving-signer') });
  }
  const perNs = PER_UNIT.configmaps / PER_UNIT.namespaces;
  const prefix = namespace.replace(/^openshift-/, '').split('-')[0]!;
  // Secrets where they should not be: a bearer token in every namespace, a private key in some.
  const misplaced = [`${prefix}-reporter-config`, ...(withKey ? [`${prefix}-signing-keys`] : [])];
  for (let i = 0; i < perNs - (basics ? 2 : 0) - misplaced.length; i++) {
    const app = workloads[i % workloads.length]!.app;
    yield cm(i < workloads.length ? `${app}-config` : `${app}-config-${i}`, {
      'config.yaml': `logLevel: ${rng.pick(['info', 'debug'])}\nlisten: :8080\nreplicas: ${rng.range(1, 5)}\nfeatureFlags:\n  newCheckout: ${rng.chance(0.5)}\n`,
      'application.properties': `server.port=8080\ncache.ttl=${rng.range(10, 600)}\n`,
    });
  }
  yield cm(misplaced[0]!, bearerTokenData(canaries, namespace, misplaced[0]!, apiServer));
  if (withKey) yield cm(misplaced[1]!, privateKeyData(rng, canaries, namespace, misplaced[1]!));
}

const EVENT_KINDS: ReadonlyArray<readonly [reason: string, type: string, component: string, message: (pod: string) => string]> = [
  ['Scheduled', 'Normal', 'default-scheduler', (pod) => `Successfully assigned ${pod} to a node`],
  ['Pulled', 'Normal', 'kubelet', () => 'Container image already present on machine'],
  ['Created', 'Normal', 'kubelet', () => 'Created container main'],
  ['Started', 'Normal', 'kubelet', () => 'Started container main'],
  ['BackOff', 'Warning', 'kubelet', () => 'Back-off restarting failed container main'],
  ['Unhealthy', 'Warning', 'kubelet', () => 'Readiness probe failed: HTTP probe failed with statuscode: 503'],
  ['FailedMount', 'Warning', 'kubelet', () => 'MountVolume.SetUp failed for volume "config" : configmap "config" not found'],
];

function* events(rng: Rng, namespace: string, pods: ReadonlyArray<{ name: string; uid: string }>, workloads: readonly Workload[], nodes: readonly SimNode[], rv: () => string): Generator<KubeObject> {
  const perNs = PER_UNIT.events / PER_UNIT.namespaces;
  for (let i = 0; i < perNs; i++) {
    const first = 28 * 86400 + rng.int(2 * 86400);
    const meta = (object: string): KubeObject['metadata'] => ({ name: `${object}.${rng.hex(16)}`, namespace, uid: rng.uuid(), resourceVersion: rv(), creationTimestamp: timestamp(first) });
    if (rng.chance(0.2)) {
      // Controllers report on their pods too.
      const w = rng.pick(workloads);
      const onDeployment = w.kind === 'ReplicaSet';
      const involved = onDeployment ? { kind: 'Deployment', name: w.app, uid: w.parentUid!, apiVersion: 'apps/v1' } : { kind: w.kind, name: w.owner, uid: w.ownerUid, apiVersion: w.kind === 'Job' ? 'batch/v1' : 'apps/v1' };
      const component = onDeployment ? 'deployment-controller' : `${w.kind.toLowerCase()}-controller`;
      yield {
        apiVersion: 'v1', kind: 'Event', metadata: meta(involved.name),
        involvedObject: { ...involved, namespace, resourceVersion: String(rng.range(10000, 99999)) },
        reason: onDeployment ? 'ScalingReplicaSet' : 'SuccessfulCreate',
        message: onDeployment ? `Scaled up replica set ${w.owner} to ${rng.range(1, 5)}` : `Created pod: ${w.owner}-${rng.suffix(5)}`,
        source: { component }, firstTimestamp: timestamp(first), lastTimestamp: timestamp(first), count: 1, type: 'Normal',
        eventTime: null, reportingComponent: component, reportingInstance: '',
      };
      continue;
    }
    const pod = pods[rng.int(pods.length)]!;
    const [reason, type, component, message] = rng.pick(EVENT_KINDS);
    const count = type === 'Warning' ? rng.range(1, 50) : 1;
    const node = rng.pick(nodes).name;
    yield {
      apiVersion: 'v1', kind: 'Event', metadata: meta(pod.name),
      involvedObject: { kind: 'Pod', namespace, name: pod.name, uid: pod.uid, apiVersion: 'v1', resourceVersion: String(rng.range(10000, 99999)), fieldPath: 'spec.containers{main}' },
      reason, message: message(`${namespace}/${pod.name}`),
      source: { component, ...(component === 'kubelet' ? { host: node } : {}) },
      firstTimestamp: timestamp(first), lastTimestamp: timestamp(first + (count - 1) * 300), count, type,
      eventTime: null, reportingComponent: component, reportingInstance: component === 'kubelet' ? node : '',
    };
  }
}
