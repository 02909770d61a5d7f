/**
 * Archive files that gatherers made from logs, turned back into logs the simulator serves, so that the
 * same gatherer run against the simulator writes the same file again:
 * - `config/node/logs/{node}.log` (node_logs: kubelet journal lines kept by its filter) becomes the
 *   kubelet journal of that node, served at `nodes/{node}/proxy/logs/?query=kubelet`;
 * - `namespaces/{ns}/pods/{pod}/virt-launcher.json` (qemu_kubevirt_launcher_logs: the QEMU command line
 *   line of a virt-launcher's log) becomes the log of the `compute` container of that virt-launcher pod.
 * Nodes, pods and namespaces the archive has no definition of are made, and listed in `adjusted`.
 */
import { NODE_JOURNAL, VIRT_LAUNCHER_LOG } from './fixture-rules.ts';
import { toLogLines } from './logs.ts';
import type { FixtureLog } from './fixture-logs.ts';
import type { KubeObject } from './store.ts';

export interface FixtureJournal {
  readonly path: string;
  readonly node: string;
  /** The systemd unit the lines belong to. */
  readonly unit: string;
  /** Journal entries as `journalctl --output=short-precise` prints them, oldest first. */
  readonly lines: readonly string[];
}

export interface ParsedLogFile { path: string; text: string }

/** Whether the simulator serves `path` as a log a gatherer parses (rather than as an object). */
export const isParsedLogPath = (path: string): boolean => NODE_JOURNAL.test(path) || VIRT_LAUNCHER_LOG.test(path);

/**
 * First uid of the ranges of namespaces made here: between the sample's overlapping groups
 * (fixture-aggregates.ts) and the referenced namespaces (fixture-finish.ts), so that neither moves.
 */
const MADE_NAMESPACE_UID_BASE = 1_000_050_000;

type Json = Record<string, any>;

/** The node journals and virt-launcher logs of `files`, and the objects made for them (to add). */
export function attachParsedLogs(files: readonly ParsedLogFile[], objects: readonly KubeObject[], adjusted: Array<{ path: string; note: string }>): { journals: FixtureJournal[]; logs: FixtureLog[]; objects: KubeObject[] } {
  const made: KubeObject[] = [];
  const journals: FixtureJournal[] = [];
  const logs: FixtureLog[] = [];
  const installed = String(objects.find((o) => o.kind === 'ClusterVersion')?.metadata.creationTimestamp ?? '2021-01-01T00:00:00Z');
  const nodes = new Set(objects.filter((o) => o.kind === 'Node').map((o) => o.metadata.name));
  // A namespace some object is in gets its Namespace later (fixture-finish.ts), with the others'.
  const namespaces = new Set(objects.flatMap((o) => (o.kind === 'Namespace' ? [o.metadata.name] : o.metadata.namespace === undefined ? [] : [o.metadata.namespace])));
  const pods = new Map(objects.filter((o) => o.kind === 'Pod' && o.apiVersion === 'v1').map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o]));

  for (const f of files) {
    const journal = NODE_JOURNAL.exec(f.path);
    if (journal !== null) {
      const node = journal[1]!;
      const raw = f.text.endsWith('\n') ? f.text.slice(0, -1) : f.text;
      journals.push({ path: f.path, node, unit: 'kubelet', lines: raw === '' ? [] : raw.split('\n') });
      if (!nodes.has(node)) {
        nodes.add(node);
        made.push(controlPlaneNode(node, installed));
        adjusted.push({ path: f.path, note: `the archive has no definition of node ${node}: a minimal control-plane node was made for its journal` });
      }
      continue;
    }
    const launcher = VIRT_LAUNCHER_LOG.exec(f.path);
    if (launcher === null) continue;
    const [namespace, pod] = [launcher[1]!, launcher[2]!];
    let entry: Json = {};
    try {
      entry = JSON.parse(f.text) as Json;
    } catch { /* a line that is not JSON keeps the pod's defaults */ }
    const loggedAt = Date.parse(String(entry['timestamp']));
    const at = Number.isNaN(loggedAt) ? Date.parse(installed) : loggedAt;
    const text = f.text.endsWith('\n') ? f.text.slice(0, -1) : f.text;
    logs.push({ path: f.path, namespace, pod, container: 'compute', previous: false, lines: toLogLines(text.split('\n').map((line) => ({ time: at, text: line })), at) });
    if (!pods.has(`${namespace}/${pod}`)) {
      const vm = /-name guest=([^,\s\\]+)/.exec(String(entry['msg'] ?? ''))?.[1]?.replace(`${namespace}_`, '') ?? pod.replace(/^virt-launcher-/, '');
      const workers = objects.filter((o) => o.kind === 'Node' && o.metadata.labels?.['node-role.kubernetes.io/worker'] !== undefined);
      const nodeName = workers[0]?.metadata.name ?? [...nodes].sort()[0] ?? 'node-0';
      const launcherPod = virtLauncherPod(namespace, pod, vm, nodeName, at);
      pods.set(`${namespace}/${pod}`, launcherPod);
      made.push(launcherPod);
      adjusted.push({ path: f.path, note: `the archive has no definition of pod ${namespace}/${pod}: a running virt-launcher pod of VM ${vm} was made for its log` });
    }
    if (!namespaces.has(namespace)) {
      namespaces.add(namespace);
      const range = `${MADE_NAMESPACE_UID_BASE + made.filter((o) => o.kind === 'Namespace').length * 10_000}/10000`;
      made.push({
        apiVersion: 'v1', kind: 'Namespace',
        metadata: {
          name: namespace, creationTimestamp: installed, labels: { 'kubernetes.io/metadata.name': namespace },
          annotations: { 'openshift.io/sa.scc.uid-range': range, 'openshift.io/sa.scc.supplemental-groups': range, 'openshift.io/sa.scc.mcs': 's0:c1,c5' },
        },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      } as KubeObject);
    }
  }
  return { journals, logs, objects: made };
}

function controlPlaneNode(name: string, installed: string): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: {
      name, creationTimestamp: installed,
      labels: {
        'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': '', 'node.openshift.io/os_id': 'rhcos',
      },
    },
    spec: { taints: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }] },
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: installed, lastTransitionTime: installed }],
      nodeInfo: { architecture: 'amd64', operatingSystem: 'linux' },
    },
  } as KubeObject;
}

const at = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** What KubeVirt's virt-controller creates for a running VMI: one `compute` container running QEMU. */
function virtLauncherPod(namespace: string, name: string, vm: string, nodeName: string, loggedMs: number): KubeObject {
  const created = at(loggedMs - 30_000);
  const image = 'registry.redhat.io/container-native-virtualization/virt-launcher-rhel9';
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace, creationTimestamp: created,
      labels: { 'kubevirt.io': 'virt-launcher', 'kubevirt.io/domain': vm, 'vm.kubevirt.io/name': vm },
    },
    spec: {
      nodeName, restartPolicy: 'Never', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', serviceAccountName: 'default',
      containers: [{ name: 'compute', image, command: ['/usr/bin/virt-launcher-monitor'], resources: {}, imagePullPolicy: 'IfNotPresent' }],
    },
    status: {
      phase: 'Running', startTime: created, qosClass: 'Burstable',
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: created })),
      containerStatuses: [{ name: 'compute', image, imageID: '', ready: true, restartCount: 0, started: true, state: { running: { startedAt: at(loggedMs - 20_000) } }, lastState: {} }],
    },
  } as KubeObject;
}
