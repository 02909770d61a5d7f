/**
 * A generated cluster of scale N: cluster singletons plus N units of namespaces, pods, nodes,
 * configmaps and events. Deterministic: the same N gives byte-identical objects. Objects are yielded
 * one by one so a 50,000-pod cluster never exists as live objects all at once.
 */
import { Rng, timestamp } from './prng.ts';
import { CLUSTER_OPERATORS, clusterObjects } from './scale-cluster.ts';
import { imagePool, nodeObject, nodesOfUnit } from './scale-nodes.ts';
import type { PoolImage, SimNode } from './scale-nodes.ts';
import { makeWorkload, podObject } from './scale-pods.ts';
import type { Workload } from './scale-pods.ts';
import type { KubeObject } from './store.ts';

/** What each unit of scale adds. */
export const PER_UNIT = { namespaces: 10, pods: 500, nodes: 6, configmaps: 100, events: 200 } as const;
/** Objects present at every scale. */
export const FIXED = { clusterVersions: 1, configSingletons: 4, clusterOperators: CLUSTER_OPERATORS.length } as const;

export function expectedCounts(scale: number): Record<string, number> {
  return {
    Namespace: PER_UNIT.namespaces * scale, Pod: PER_UNIT.pods * scale, Node: PER_UNIT.nodes * scale,
    ConfigMap: PER_UNIT.configmaps * scale, Event: PER_UNIT.events * scale,
    ClusterVersion: 1, ClusterOperator: FIXED.clusterOperators, Infrastructure: 1, Network: 1, Proxy: 1, FeatureGate: 1,
  };
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

export function* generateScaleCluster(scale: number): Generator<KubeObject> {
  if (!Number.isSafeInteger(scale) || scale < 1) throw new RangeError(`scale must be a positive integer, got ${scale}`);
  let resourceVersion = 1000;
  const rv = (): string => String(++resourceVersion);
  const pool = imagePool();
  yield* clusterObjects(new Rng(`kube-sim/cluster/${scale}`), scale, rv);
  for (let unit = 0; unit < scale; unit++) yield* unitObjects(unit, pool, rv);
}

function* unitObjects(unit: number, pool: readonly PoolImage[], rv: () => string): Generator<KubeObject> {
  // Seeded per unit: unit u is the same at every scale, so a larger cluster extends a smaller one.
  const rng = new Rng(`kube-sim/unit/${unit}`);
  const nodes = nodesOfUnit(unit);
  for (const [i, node] of nodes.entries()) yield nodeObject(rng, node, unit * PER_UNIT.nodes + i, pool, rv);
  const workers = nodes.filter((n) => !n.master);
  const masters = nodesOfUnit(0).filter((n) => n.master);
  const podsPerNs = PER_UNIT.pods / PER_UNIT.namespaces;
  for (const ns of namespacesOfUnit(unit)) {
    yield namespaceObject(rng, ns.name, ns.openshift, rv);
    const placeable = ns.openshift ? [...masters, ...workers] : workers;
    const pods: Array<{ name: string; uid: string }> = [];
    const workloads: Workload[] = [];
    while (pods.length < podsPerNs) {
      const kind = pickKind(rng);
      const app = `${ns.openshift ? ns.name.replace(/^openshift-/, '') : ns.name.split('-')[0]}-${COMPONENTS[workloads.length % COMPONENTS.length]}${workloads.length >= COMPONENTS.length ? `-${workloads.length}` : ''}`;
      const w = makeWorkload(rng, kind, app, pool, ns.openshift);
      workloads.push(w);
      const replicas = Math.min(podsPerNs - pods.length, kind === 'DaemonSet' ? placeable.length : rng.range(1, 6));
      for (let r = 0; r < replicas; r++) {
        const name = kind === 'StatefulSet' ? `${w.owner}-${r}` : `${w.owner}-${rng.suffix(5)}`;
        const node: SimNode = kind === 'DaemonSet' ? placeable[r % placeable.length]! : rng.pick(placeable);
        const pod = podObject(rng, w, name, ns.name, node, ns.openshift, rv);
        pods.push({ name, uid: pod.metadata.uid! });
        yield pod;
      }
    }
    yield* configMaps(rng, ns.name, workloads, rv);
    yield* events(rng, ns.name, pods, placeable, rv);
  }
}

function pickKind(rng: Rng): Workload['kind'] {
  const r = rng.next();
  return r < 0.7 ? 'ReplicaSet' : r < 0.85 ? 'StatefulSet' : r < 0.95 ? 'DaemonSet' : 'Job';
}

function namespaceObject(rng: Rng, name: string, openshift: boolean, rv: () => string): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Namespace',
    metadata: {
      name, uid: rng.uuid(), resourceVersion: rv(), creationTimestamp: timestamp(openshift ? 300 : 86400 + rng.int(86400)),
      labels: { 'kubernetes.io/metadata.name': name, ...(openshift ? { 'openshift.io/cluster-monitoring': 'true', 'pod-security.kubernetes.io/enforce': 'privileged' } : {}) },
      annotations: { 'openshift.io/sa.scc.mcs': 's0:c26,c15', 'openshift.io/sa.scc.supplemental-groups': '1000680000/10000', 'openshift.io/sa.scc.uid-range': '1000680000/10000' },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

function* configMaps(rng: Rng, namespace: string, workloads: readonly Workload[], rv: () => string): Generator<KubeObject> {
  const cm = (name: string, data: Record<string, string>): KubeObject => ({
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name, namespace, uid: rng.uuid(), resourceVersion: rv(), creationTimestamp: timestamp(86400 + rng.int(86400)) },
    data,
  });
  const pem = (cn: string): string => `-----BEGIN CERTIFICATE-----\nMIIDMjCCAhqgAwIBAgII${rng.hex(40)}\n${cn}\n-----END CERTIFICATE-----\n`;
  yield cm('kube-root-ca.crt', { 'ca.crt': pem('kube-apiserver-lb-signer') });
  yield cm('openshift-service-ca.crt', { 'service-ca.crt': pem('openshift-service-serving-signer') });
  const perNs = PER_UNIT.configmaps / PER_UNIT.namespaces;
  for (let i = 0; i < perNs - 2; i++) {
    const app = workloads[i % workloads.length]!.app;
    yield cm(i < workloads.length ? `${app}-config` : `${app}-config-${i}`, {
      'config.yaml': `logLevel: ${rng.pick(['info', 'debug'])}\nlisten: :8080\nreplicas: ${rng.range(1, 5)}\nfeatureFlags:\n  newCheckout: ${rng.chance(0.5)}\n`,
      'application.properties': `server.port=8080\ncache.ttl=${rng.range(10, 600)}\n`,
    });
  }
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

function* events(rng: Rng, namespace: string, pods: ReadonlyArray<{ name: string; uid: string }>, nodes: readonly SimNode[], rv: () => string): Generator<KubeObject> {
  const perNs = PER_UNIT.events / PER_UNIT.namespaces;
  for (let i = 0; i < perNs; i++) {
    const pod = pods[rng.int(pods.length)]!;
    const [reason, type, component, message] = rng.pick(EVENT_KINDS);
    const first = 28 * 86400 + rng.int(2 * 86400);
    const count = type === 'Warning' ? rng.range(1, 50) : 1;
    const node = rng.pick(nodes).name;
    yield {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name: `${pod.name}.${rng.hex(16)}`, namespace, uid: rng.uuid(), resourceVersion: rv(), creationTimestamp: timestamp(first) },
      involvedObject: { kind: 'Pod', namespace, name: pod.name, uid: pod.uid, apiVersion: 'v1', resourceVersion: String(rng.range(10000, 99999)), fieldPath: 'spec.containers{main}' },
      reason, message: message(`${namespace}/${pod.name}`),
      source: { component, ...(component === 'kubelet' ? { host: node } : {}) },
      firstTimestamp: timestamp(first), lastTimestamp: timestamp(first + (count - 1) * 300), count, type,
      eventTime: null, reportingComponent: component, reportingInstance: component === 'kubelet' ? node : '',
    };
  }
}
