/**
 * A generated cluster of scale N: cluster singletons plus N units of namespaces, nodes, workloads
 * and their pods, configmaps, secrets, events, CSRs and InstallPlans. Deterministic: the same scale
 * and seed give byte-identical objects, and unit u is the same at every scale. Objects are yielded
 * one by one so a 100,000-pod cluster never exists as live objects all at once.
 */
import { Rng, timestamp } from './prng.ts';
import { CLUSTER_OPERATORS, clusterObjects } from './scale-cluster.ts';
import { csrsOfUnit } from './scale-csr.ts';
import { imagePool, nodeObject, nodesOfUnit } from './scale-nodes.ts';
import type { PoolImage, SimNode } from './scale-nodes.ts';
import { installPlans } from './scale-olm.ts';
import { FIXED_NAMESPACES, OPERATOR_RESOURCES } from './scale-operators.ts';
import { ownerObjects } from './scale-owners.ts';
import { makeWorkload, podObject } from './scale-pods.ts';
import type { Workload } from './scale-pods.ts';
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
export const PER_UNIT = { namespaces: 10, pods: 500, nodes: 6, configmaps: 100, events: 200, csrs: 3, installPlans: 3 } as const;
/** Objects present at every scale. */
export const FIXED = {
  clusterVersions: 1, configSingletons: 4, clusterOperators: CLUSTER_OPERATORS.length,
  operatorResources: Object.keys(OPERATOR_RESOURCES).length, namespaces: FIXED_NAMESPACES.length, installPlans: 3,
} as const;

/**
 * Counts of the kinds whose number is fixed, keyed `Kind` (core) or `group/Kind`. Workload
 * controllers and Secrets vary with the workloads drawn (every pod's owner exists).
 */
export function expectedCounts(scale: number): Record<string, number> {
  return {
    Namespace: PER_UNIT.namespaces * scale + FIXED.namespaces, Pod: PER_UNIT.pods * scale, Node: PER_UNIT.nodes * scale,
    ConfigMap: PER_UNIT.configmaps * scale, Event: PER_UNIT.events * scale,
    'certificates.k8s.io/CertificateSigningRequest': PER_UNIT.csrs * scale,
    'operators.coreos.com/InstallPlan': PER_UNIT.installPlans * scale + FIXED.installPlans,
    'config.openshift.io/ClusterVersion': 1, 'config.openshift.io/ClusterOperator': FIXED.clusterOperators,
    'config.openshift.io/Infrastructure': 1, 'config.openshift.io/Network': 1, 'config.openshift.io/Proxy': 1, 'config.openshift.io/FeatureGate': 1,
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

export function* generateScaleCluster(scale: number, options: ScaleOptions = {}): Generator<KubeObject> {
  if (!Number.isSafeInteger(scale) || scale < 1) throw new RangeError(`scale must be a positive integer, got ${scale}`);
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  const canaries = options.canaries ?? new Canaries(seed);
  let resourceVersion = 1000;
  const rv = (): string => String(++resourceVersion);
  const pool = imagePool(seed);
  const namespaces = new Set(FIXED_NAMESPACES);
  for (let unit = 0; unit < scale; unit++) for (const ns of namespacesOfUnit(unit)) namespaces.add(ns.name);
  const rng = new Rng(`kube-sim/${seed}/cluster/${scale}`);
  yield* clusterObjects(rng, scale, rv, namespaces, canaries);
  for (const name of FIXED_NAMESPACES) yield namespaceObject(rng, name, name.startsWith('openshift'), rv, 0);
  yield* installPlans(rng, 'openshift-operators', FIXED.installPlans, rv, ['Complete', 'RequiresApproval', 'Failed']);
  for (let unit = 0; unit < scale; unit++) yield* unitObjects(unit, seed, pool, rv, canaries);
}

function* unitObjects(unit: number, seed: number, pool: readonly PoolImage[], rv: () => string, canaries: Canaries): Generator<KubeObject> {
  // Seeded per unit: unit u is the same at every scale, so a larger cluster extends a smaller one.
  const rng = new Rng(`kube-sim/${seed}/unit/${unit}`);
  const nodes = nodesOfUnit(unit);
  for (const [i, node] of nodes.entries()) yield nodeObject(rng, node, unit * PER_UNIT.nodes + i, pool, rv);
  yield* csrsOfUnit(rng, unit, nodes.map((n) => n.name), rv);
  const workers = nodes.filter((n) => !n.master);
  const masters = nodesOfUnit(0).filter((n) => n.master);
  const podsPerNs = PER_UNIT.pods / PER_UNIT.namespaces;
  for (const [k, ns] of namespacesOfUnit(unit).entries()) {
    yield namespaceObject(rng, ns.name, ns.openshift, rv);
    const placeable = ns.openshift ? [...masters, ...workers] : workers;
    const pods: Array<{ name: string; uid: string }> = [];
    const workloads: Workload[] = [];
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
        const pod = podObject(rng, w, name, ns.name, node, ns.openshift, rv);
        pods.push({ name, uid: pod.metadata.uid! });
        own.push(pod);
        yield pod;
      }
      yield* ownerObjects(rng, w, ns.name, own, rv);
    }
    const created = 86400 + rng.int(86400);
    yield* namespaceSecrets({ rng, namespace: ns.name, rv, canaries, created }, [...new Set(workloads.flatMap((w) => w.secretRefs))]);
    // The first application namespace of a unit serves TLS itself; the first platform one has a key pasted into a ConfigMap.
    if (k === 3) yield tlsSecret({ rng, namespace: ns.name, rv, canaries, created }, `${ns.name.split('-')[0]}-tls`);
    yield* configMaps(rng, ns.name, workloads, rv, canaries, k === 0);
    if (k === 0) yield* installPlans(rng, ns.name, 2, rv);
    if (k === 3) yield* installPlans(rng, ns.name, 1, rv);
    yield* events(rng, ns.name, pods, workloads, placeable, rv);
  }
}

function pickKind(rng: Rng): Workload['kind'] {
  const r = rng.next();
  return r < 0.7 ? 'ReplicaSet' : r < 0.85 ? 'StatefulSet' : r < 0.95 ? 'DaemonSet' : 'Job';
}

function namespaceObject(rng: Rng, name: string, openshift: boolean, rv: () => string, created = openshift ? 300 : 86400 + rng.int(86400)): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Namespace',
    metadata: {
      name, uid: rng.uuid(), resourceVersion: rv(), creationTimestamp: timestamp(created),
      labels: { 'kubernetes.io/metadata.name': name, ...(openshift ? { 'openshift.io/cluster-monitoring': 'true', 'pod-security.kubernetes.io/enforce': 'privileged' } : {}) },
      annotations: { 'openshift.io/sa.scc.mcs': 's0:c26,c15', 'openshift.io/sa.scc.supplemental-groups': '1000680000/10000', 'openshift.io/sa.scc.uid-range': '1000680000/10000' },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

function* configMaps(rng: Rng, namespace: string, workloads: readonly Workload[], rv: () => string, canaries: Canaries, withKey: boolean): Generator<KubeObject> {
  const cm = (name: string, data: Record<string, string>): KubeObject => ({
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name, namespace, uid: rng.uuid(), resourceVersion: rv(), creationTimestamp: timestamp(86400 + rng.int(86400)) },
    data,
  });
  const pem = (cn: string): string => `-----BEGIN CERTIFICATE-----\nMIIDMjCCAhqgAwIBAgII${rng.hex(40)}\n${cn}\n-----END CERTIFICATE-----\n`;
  yield cm('kube-root-ca.crt', { 'ca.crt': pem('kube-apiserver-lb-signer') });
  yield cm('openshift-service-ca.crt', { 'service-ca.crt': pem('openshift-service-serving-signer') });
  const perNs = PER_UNIT.configmaps / PER_UNIT.namespaces;
  const prefix = namespace.replace(/^openshift-/, '').split('-')[0]!;
  // Secrets where they should not be: a bearer token in every namespace, a private key in some.
  const misplaced = [`${prefix}-reporter-config`, ...(withKey ? [`${prefix}-signing-keys`] : [])];
  for (let i = 0; i < perNs - 2 - misplaced.length; i++) {
    const app = workloads[i % workloads.length]!.app;
    yield cm(i < workloads.length ? `${app}-config` : `${app}-config-${i}`, {
      'config.yaml': `logLevel: ${rng.pick(['info', 'debug'])}\nlisten: :8080\nreplicas: ${rng.range(1, 5)}\nfeatureFlags:\n  newCheckout: ${rng.chance(0.5)}\n`,
      'application.properties': `server.port=8080\ncache.ttl=${rng.range(10, 600)}\n`,
    });
  }
  yield cm(misplaced[0]!, bearerTokenData(canaries, namespace, misplaced[0]!, 'https://api-int.cluster.sim.example.com:6443'));
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
