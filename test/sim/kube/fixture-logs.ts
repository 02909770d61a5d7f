/**
 * The sample's pod log files as pod logs: `conditional/namespaces/{ns}/pods/{pod}/containers/{c}/logs/*.log`
 * (the logs_of_namespace and container_logs gatherers) and `config/pod/{ns}/logs/{pod}/{file}.log`
 * (operators_pods_and_events: `{container}_{current|previous}.log`, or older `errors.log`/`messages.log`).
 * Pods the archive has logs of but no definition for get a minimal running Pod.
 */
import { createHash } from 'node:crypto';
import { toLogLines } from './logs.ts';
import type { LogLine } from './logs.ts';
import type { KubeObject } from './store.ts';

export interface FixtureLog {
  readonly path: string;
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly previous: boolean;
  readonly lines: readonly LogLine[];
}

export interface LogFile { path: string; namespace: string; pod: string; container?: string; previous: boolean; text: string }

const CONDITIONAL = /^conditional\/namespaces\/([^/]+)\/pods\/([^/]+)\/containers\/([^/]+)\/logs\/[^/]+\.log$/;
const OPERATOR = /^config\/pod\/([^/]+)\/logs\/([^/]+)\/([^/]+)\.log$/;

/** The pod (and container, when the path names it) a log file belongs to; undefined for other files. */
export function matchLogPath(path: string): Omit<LogFile, 'text'> | undefined {
  const c = CONDITIONAL.exec(path);
  if (c !== null) return { path, namespace: c[1]!, pod: c[2]!, container: c[3]!, previous: false };
  const o = OPERATOR.exec(path);
  if (o === null) return undefined;
  const split = /^(.+)_(current|previous)$/.exec(o[3]!);
  return split === null
    ? { path, namespace: o[1]!, pod: o[2]!, previous: false }
    : { path, namespace: o[1]!, pod: o[2]!, container: split[1]!, previous: split[2] === 'previous' };
}

/** A static pod is named `{component}-{node}`; the node names of the sample look like these. */
const NODE_SUFFIX = /-((?:ip-\d+-\d+-\d+-\d+|master-\d+|worker-\d+)\..+)$/;

/** The container a log file without one most likely came from, named after its workload. */
function guessContainer(pod: string): string {
  const node = NODE_SUFFIX.exec(pod);
  if (node !== null) return pod.slice(0, node.index).replace(/^openshift-/, '');
  return pod.replace(/-[a-z0-9]{8,10}-[a-z0-9]{5}$/, '').replace(/-[a-z0-9]{5}$/, '');
}

type Json = Record<string, any>;

function startOf(pod: Json | undefined, container: string, fallback: string): number {
  const statuses = (pod?.['status']?.['containerStatuses'] ?? []) as Json[];
  const started = statuses.find((s) => s['name'] === container)?.['state']?.['running']?.['startedAt'] ?? pod?.['status']?.['startTime'] ?? pod?.['metadata']?.['creationTimestamp'];
  const ms = Date.parse(typeof started === 'string' ? started : fallback);
  return Number.isNaN(ms) ? Date.parse(fallback) : ms;
}

/**
 * Turns log files into logs of `objects`' pods, adding minimal pods for the ones missing (returned,
 * to be added to the objects). Lines without a timestamp take the previous line's, or the container's
 * start for the first.
 */
export function attachLogs(files: readonly LogFile[], objects: readonly KubeObject[], adjusted: Array<{ path: string; note: string }>): { logs: FixtureLog[]; pods: KubeObject[] } {
  const installed = String(objects.find((o) => o.kind === 'ClusterVersion')?.metadata.creationTimestamp ?? '2021-01-01T00:00:00Z');
  const nodes = objects.filter((o) => o.kind === 'Node').map((o) => o.metadata.name).sort();
  const existing = new Map<string, Json>();
  for (const o of objects) if (o.kind === 'Pod' && o.apiVersion === 'v1') existing.set(`${o.metadata.namespace}/${o.metadata.name}`, o);
  const made = new Map<string, Json>();
  const logs: FixtureLog[] = [];

  for (const f of files) {
    const id = `${f.namespace}/${f.pod}`;
    const known = existing.get(id);
    const specNames = ((known?.['spec']?.['containers'] ?? []) as Json[]).map((c) => String(c['name']));
    const guess = f.container ?? guessContainer(f.pod);
    const container = known === undefined || specNames.includes(guess) || specNames.length === 0 ? guess : specNames[0]!;
    if (known !== undefined && f.container === undefined) {
      adjusted.push({ path: f.path, note: `log file names no container: served as the log of container "${container}"` });
    }
    const raw = f.text.endsWith('\n') ? f.text.slice(0, -1) : f.text;
    const lines = toLogLines(raw === '' ? [] : raw.split('\n'), startOf(known ?? made.get(id), container, installed));
    if (known === undefined) {
      const first = lines[0]?.ms ?? Date.parse(installed);
      let pod = made.get(id);
      if (pod === undefined) {
        pod = minimalPod(f.namespace, f.pod, NODE_SUFFIX.exec(f.pod)?.[1] ?? nodes[0] ?? 'node-0', first);
        made.set(id, pod);
      }
      if (!(pod['spec']['containers'] as Json[]).some((c) => c['name'] === container)) addContainer(pod, container, first);
      if (f.previous) markRestarted(pod, container, first);
      adjusted.push({ path: f.path, note: `the archive has no definition of pod ${id}: a minimal running pod with container "${container}" was made for its log` });
    }
    logs.push({ path: f.path, namespace: f.namespace, pod: f.pod, container, previous: f.previous, lines });
  }
  return { logs, pods: [...made.values()] as KubeObject[] };
}

const at = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const containerId = (seed: string): string => `cri-o://${createHash('sha256').update(seed).digest('hex')}`;

function minimalPod(namespace: string, name: string, nodeName: string, firstLogMs: number): Json {
  const created = at(firstLogMs - 60_000);
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace, creationTimestamp: created, labels: { app: guessContainer(name) } },
    spec: { nodeName, containers: [], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler' },
    status: {
      phase: 'Running', hostIP: '', startTime: created, qosClass: 'BestEffort', containerStatuses: [],
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: created })),
    },
  };
}

function addContainer(pod: Json, name: string, firstLogMs: number): void {
  const image = 'quay.io/openshift-release-dev/ocp-v4.0-art-dev';
  pod['spec']['containers'].push({ name, image, resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'FallbackToLogsOnError', imagePullPolicy: 'IfNotPresent' });
  pod['status']['containerStatuses'].push({
    name, image, imageID: '', containerID: containerId(`${pod['metadata']['namespace']}/${pod['metadata']['name']}/${name}`),
    state: { running: { startedAt: at(firstLogMs - 1000) } }, lastState: {}, ready: true, restartCount: 0, started: true,
  });
}

/** The container has a previous instance, so `previous=true` finds its log. */
function markRestarted(pod: Json, name: string, firstLogMs: number): void {
  const cs = (pod['status']['containerStatuses'] as Json[]).find((s) => s['name'] === name)!;
  cs['restartCount'] = 1;
  cs['lastState'] = { terminated: { exitCode: 2, reason: 'Error', startedAt: at(firstLogMs - 1000), finishedAt: at(firstLogMs), containerID: containerId(`${pod['metadata']['namespace']}/${pod['metadata']['name']}/${name}/previous`) } };
}
