/**
 * Deterministic container logs for generated clusters, made on request from the pod (nothing is
 * stored: 100,000 pods of logs would not fit). Platform containers write klog, application
 * containers JSON; a crash-looping container's previous instance ends in a Go panic. Nodes have a
 * kubelet journal with a few errors and probe failures among its routine lines.
 */
import { logLine } from './logs.ts';
import type { LogGenerator, LogLine } from './logs.ts';
import type { JournalGenerator } from './node-logs.ts';
import { Rng } from './prng.ts';
import type { KubeObject } from './store.ts';

type Json = Record<string, any>;

const KLOG_MESSAGES: ReadonlyArray<(c: Ctx) => string> = [
  (c) => `Starting ${c.app} version v4.17.0-202410211619.p0.g${c.hex}.assembly.stream.el9`,
  () => 'Waiting for caches to sync',
  () => 'Caches are synced',
  (c) => `"Starting controller" controller="${c.app}"`,
  (c) => `"Reconciling" object="${c.namespace}/${c.app}" generation=${c.n}`,
  (c) => `Updated status for ${c.namespace}/${c.app}: Available=True`,
  (c) => `successfully acquired lease ${c.namespace}/${c.app}-lock`,
  (c) => `"Observed a change" resource="configmaps" name="${c.app}-config"`,
  () => 'http: TLS handshake error from 10.128.2.11:48432: EOF',
  (c) => `Sync "${c.namespace}/${c.app}" took ${c.n}ms`,
];
const KLOG_FILES = ['controller.go', 'reflector.go', 'leaderelection.go', 'operator.go', 'status.go', 'server.go', 'event.go'];

const APP_MESSAGES: ReadonlyArray<(c: Ctx) => Json> = [
  (c) => ({ level: 'info', msg: 'request served', method: 'GET', path: `/api/v1/${c.app}`, status: 200, duration_ms: c.n % 90 }),
  (c) => ({ level: 'info', msg: 'request served', method: 'POST', path: `/api/v1/${c.app}/orders`, status: 201, duration_ms: c.n % 200 }),
  () => ({ level: 'debug', msg: 'cache refreshed', entries: 1024 }),
  (c) => ({ level: 'warn', msg: 'slow upstream', upstream: 'http://127.0.0.1:8080/', duration_ms: 1000 + c.n }),
  () => ({ level: 'info', msg: 'health check ok' }),
  (c) => ({ level: 'error', msg: 'request failed', path: `/api/v1/${c.app}/orders`, status: 503, error: 'upstream connect error' }),
];

interface Ctx { app: string; namespace: string; n: number; hex: string }

/** klog's header: `I1104 08:00:02.123456       1 file.go:42] text` (microseconds from `nanos`). */
function klog(ms: number, nanos: number, severity: 'I' | 'W' | 'E', file: string, text: string): string {
  const d = new Date(ms);
  const p = (v: number, w = 2): string => String(v).padStart(w, '0');
  return `${severity}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}${p(Math.floor(nanos / 1000), 3)}       1 ${file}] ${text}`;
}

function panicTrace(rng: Rng, app: string): string[] {
  const addr = (): string => `0x${rng.hex(10)}`;
  return [
    'panic: runtime error: invalid memory address or nil pointer dereference [recovered]',
    '\tpanic: runtime error: invalid memory address or nil pointer dereference',
    `[signal SIGSEGV: segmentation violation code=0x1 addr=0x${rng.hex(2)} pc=${addr()}]`,
    '',
    'goroutine 214 [running]:',
    `k8s.io/apimachinery/pkg/util/runtime.HandleCrash({0x0, 0x0, 0x${rng.hex(6)}})`,
    '\t/go/src/github.com/openshift/vendor/k8s.io/apimachinery/pkg/util/runtime/runtime.go:56 +0xcd',
    `panic({${addr()}, ${addr()}})`,
    '\t/usr/lib/golang/src/runtime/panic.go:914 +0x21f',
    `github.com/openshift/${app}/pkg/controller.(*Controller).sync(0xc000${rng.hex(6)}, {0xc00${rng.hex(7)}, 0x2c})`,
    `\t/go/src/github.com/openshift/${app}/pkg/controller/controller.go:${rng.range(100, 400)} +0x${rng.hex(3)}`,
    `github.com/openshift/${app}/pkg/controller.(*Controller).processNextWorkItem(0xc000${rng.hex(6)})`,
    `\t/go/src/github.com/openshift/${app}/pkg/controller/controller.go:${rng.range(400, 600)} +0x${rng.hex(3)}`,
    'created by k8s.io/apimachinery/pkg/util/wait.BackoffUntil in goroutine 1',
    '\t/go/src/github.com/openshift/vendor/k8s.io/apimachinery/pkg/util/wait/backoff.go:226 +0x9a',
  ];
}

function instanceTimes(pod: KubeObject & { status?: Json }, container: string, previous: boolean): { start: number; end?: number; exitCode?: number } {
  const statuses = [...(pod.status?.['containerStatuses'] ?? []), ...(pod.status?.['initContainerStatuses'] ?? [])] as Json[];
  const cs = statuses.find((s) => s['name'] === container) ?? {};
  const ms = (v: unknown): number | undefined => (typeof v === 'string' ? Date.parse(v) : undefined);
  const term = (previous ? cs['lastState']?.['terminated'] : cs['state']?.['terminated']) as Json | undefined;
  if (term !== undefined) return { start: ms(term['startedAt']) ?? 0, end: ms(term['finishedAt']), exitCode: Number(term['exitCode'] ?? 0) };
  const start = ms(cs['state']?.['running']?.['startedAt']) ?? ms(pod.status?.['startTime']) ?? ms(pod.metadata.creationTimestamp) ?? 0;
  return { start };
}

/** The generator a generated cluster of `seed` installs. */
export function generatedLogs(seed: number): LogGenerator {
  return (pod, container, previous) => {
    const ns = pod.metadata.namespace ?? '';
    const rng = new Rng(`kube-sim/${seed}/log/${ns}/${pod.metadata.name}/${container}/${previous ? 'previous' : 'current'}`);
    const { start, end, exitCode } = instanceTimes(pod as KubeObject & { status?: Json }, container, previous);
    const platform = ns.startsWith('openshift-');
    const app = String(pod.metadata.labels?.['app'] ?? container);
    const count = rng.range(24, 48);
    const span = end !== undefined && end > start ? end - start : count * rng.range(5_000, 60_000);
    const lines: LogLine[] = [];
    let at = start;
    // Regular lines stay before the instance's end, where a crash's panic goes.
    const step = (): number => (at = Math.min(at + rng.int(Math.max(1, Math.floor((span * 2) / count))), start + span - 1));
    const env = ((pod as Json)['spec']?.['containers'] as Json[] | undefined)?.find((c) => c['name'] === container)?.['env'] as Json[] | undefined;
    // Applications log their connection string at startup: a credential a log gatherer must not ship.
    const dsn = env?.find((e) => e['name'] === 'DATABASE_URL' && typeof e['value'] === 'string')?.['value'] as string | undefined;
    for (let i = 0; i < count; i++) {
      const ctx: Ctx = { app, namespace: ns, n: rng.range(1, 999), hex: rng.hex(7) };
      const t = i === 0 ? at : step();
      if (platform) {
        const severity = rng.chance(0.08) ? 'W' : rng.chance(0.04) ? 'E' : 'I';
        const nanos = rng.int(1_000_000);
        lines.push(logLine(t, klog(t, nanos, severity, `${rng.pick(KLOG_FILES)}:${rng.range(40, 900)}`, rng.pick(KLOG_MESSAGES)(ctx)), nanos));
      } else {
        const body = i === 1 && dsn !== undefined ? { level: 'info', msg: 'connecting to database', url: dsn } : rng.pick(APP_MESSAGES)(ctx);
        lines.push(logLine(t, JSON.stringify({ ts: new Date(t).toISOString(), caller: `${app}/main.go:${rng.range(20, 300)}`, ...body }), rng.int(1_000_000)));
      }
    }
    const last = end ?? at;
    if (previous && exitCode !== 0) {
      lines.push(logLine(last, klog(last, 0, 'E', 'runtime.go:79', 'Observed a panic: "invalid memory address or nil pointer dereference" (runtime error: invalid memory address or nil pointer dereference)')));
      for (const text of panicTrace(rng, app)) lines.push(logLine(last, text));
    } else if (exitCode !== undefined && exitCode !== 0) {
      lines.push(logLine(last, platform ? klog(last, 0, 'E', 'main.go:61', `${app} failed: context deadline exceeded`) : JSON.stringify({ level: 'fatal', msg: 'exiting', error: 'context deadline exceeded' })));
    }
    return lines;
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface JournalCtx { node: string; ip: string; uid: string; hex: string; suffix: string }

/** Routine kubelet lines: info (I) and warnings (W), none of which reports a failure. */
const KUBELET_ROUTINE: ReadonlyArray<[severity: 'I' | 'W', file: string, text: (c: JournalCtx) => string]> = [
  ['I', 'kubelet.go:2432', (c) => `"SyncLoop (PLEG): event for pod" pod="openshift-etcd/etcd-${c.node}" event={"ID":"${c.uid}","Type":"ContainerStarted","Data":"${c.hex}"}`],
  ['I', 'kubelet.go:2408', (c) => `"SyncLoop UPDATE" source="api" pods=["openshift-multus/multus-${c.suffix}"]`],
  ['I', 'scope.go:117', (c) => `"RemoveContainer" containerID="${c.hex}"`],
  ['I', 'kubelet_getters.go:187', (c) => `"Pod status is inconsistent with cached status for pod, a reconciliation should be triggered" pod="openshift-kube-apiserver/kube-apiserver-${c.node}"`],
  ['I', 'reconciler_common.go:258', (c) => `"operationExecutor.VerifyControllerAttachedVolume started for volume \\"kube-api-access-${c.suffix}\\"" pod="openshift-dns/dns-default-${c.suffix}"`],
  ['W', 'watcher.go:93', (c) => `Error while processing event ("/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/crio-${c.hex}.scope": 0x40000100 == IN_CREATE|IN_ISDIR): open /sys/fs/cgroup/kubepods.slice: no such file or directory`],
  ['W', 'kubelet_volumes.go:162', (c) => `"Orphaned pod found, but volume paths are still present on disk" podUID=${c.uid}`],
];

/** What a kubelet in trouble writes: errors (E), and probe failures it logs at info level. */
const KUBELET_FAILURES: ReadonlyArray<[severity: 'I' | 'E', file: string, text: (c: JournalCtx) => string]> = [
  ['E', 'pod_workers.go:1300', (c) => `"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"controller\\" with CrashLoopBackOff: \\"back-off 5m0s restarting failed container=controller pod=cloud-network-config-controller-${c.suffix}_openshift-cloud-network-config-controller(${c.uid})\\"" pod="openshift-cloud-network-config-controller/cloud-network-config-controller-${c.suffix}" podUID=${c.uid}`],
  ['E', 'remote_runtime.go:415', (c) => `"ContainerStatus from runtime service failed" err="rpc error: code = NotFound desc = could not find container \\"${c.hex}\\": container with ID starting with ${c.hex} not found: ID does not exist" containerID="${c.hex}"`],
  ['I', 'prober.go:107', (c) => `"Probe failed" probeType="Readiness" pod="openshift-etcd/etcd-guard-${c.node}" podUID=${c.uid} containerName="guard" probeResult=failure output="Get \\"https://${c.ip}:9980/readyz\\": dial tcp ${c.ip}:9980: connect: connection refused"`],
];

/** A journal entry as `journalctl --utc --output=short-precise` prints a kubelet line. */
function journalEntry(ms: number, micros: number, host: string, pid: number, severity: string, file: string, text: string): string {
  const d = new Date(ms);
  const p = (v: number, w = 2): string => String(v).padStart(w, '0');
  const clock = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  const micro = p(d.getUTCMilliseconds() * 1000 + micros, 6);
  const klogHeader = `${severity}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${clock}.${micro}`;
  return `${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${clock}.${micro} ${host} kubenswrapper[${pid}]: ${klogHeader} ${String(pid).padStart(7)} ${file}] ${text}`;
}

/** The journal generator a generated cluster of `seed` installs: the `kubelet` unit of every node. */
export function generatedJournals(seed: number): JournalGenerator {
  return (node, unit) => {
    if (unit !== 'kubelet') return undefined;
    const name = node.metadata.name;
    const rng = new Rng(`kube-sim/${seed}/journal/${name}/${unit}`);
    const status = (node as KubeObject & { status?: Json }).status;
    const ip = String(((status?.['addresses'] ?? []) as Json[]).find((a) => a['type'] === 'InternalIP')?.['address'] ?? '10.0.0.5');
    const host = String(node.metadata.labels?.['kubernetes.io/hostname'] ?? name);
    const pid = rng.range(1800, 3000);
    const count = rng.range(30, 50);
    // A few failures among routine lines: always an error early on, and at least one more later.
    const errorAt = rng.range(2, 8);
    const failures = new Set([errorAt, count - rng.range(1, 4), ...Array.from({ length: rng.range(0, 3) }, () => rng.int(count))]);
    const errors = KUBELET_FAILURES.filter(([severity]) => severity === 'E');
    const created = Date.parse(String(node.metadata.creationTimestamp ?? '2024-01-01T00:00:00Z'));
    let at = (Number.isNaN(created) ? Date.parse('2024-01-01T00:00:00Z') : created) + rng.range(3_600_000, 86_400_000);
    const lines: string[] = [];
    for (let i = 0; i < count; i++) {
      at += rng.range(50, 20_000);
      const ctx: JournalCtx = { node: name, ip, uid: rng.uuid(), hex: rng.hex(64), suffix: rng.suffix(5) };
      const [severity, file, text] = i === errorAt ? rng.pick(errors) : failures.has(i) ? rng.pick(KUBELET_FAILURES) : rng.pick(KUBELET_ROUTINE);
      lines.push(journalEntry(at, rng.int(1000), host, pid, severity, file, text(ctx)));
    }
    return lines;
  };
}
