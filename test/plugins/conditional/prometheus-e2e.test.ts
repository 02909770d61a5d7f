// Issue 9's end-to-end proof: a real Prometheus (Debian's) fires KubePodCrashLooping for a crash-looping pod of
// the simulated cluster; the real operator, with the remote rules from the console simulator, records that
// pod's previous logs and definition at the original's paths, and the rules metadata shows the rule triggered.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOperatorProcess } from '../../helpers/operator-process.ts';
import type { OperatorProcess } from '../../helpers/operator-process.ts';
import { gathersJson, readArchive } from '../../helpers/read-archive.ts';
import type { ArchiveFile } from '../../helpers/read-archive.ts';
import { useConsoleSim } from '../../sim/console/harness.ts';
import { useKubeSim } from '../../sim/kube/harness.ts';
import { usePrometheus } from '../../sim/monitoring/harness.ts';
import { requireMonitoring } from '../../sim/monitoring/require-monitoring.ts';
import { runningPod } from './conditional-plan.ts';

const NS = 'openshift-monitoring';
const POD = 'prometheus-adapter-7b9d5c-crash';
const CONTAINER = 'prometheus-adapter';
const TOKEN = `e2e-${process.pid}-${Date.now().toString(36)}`;
/** 30 lines of the previous container's log: the rule asks for the last 20. */
const PREVIOUS = Array.from({ length: 30 }, (_, i) => `E1125 01:0${Math.floor(i / 10)}:${String(i % 10).padStart(2, '0')}.000000       1 adapter.go:${100 + i}] previous run line ${i}`);
const RULES = {
  version: '3.1.4',
  conditional_gathering_rules: [{
    conditions: [{ type: 'alert_is_firing', alert: { name: 'KubePodCrashLooping' } }],
    gathering_functions: {
      containers_logs: { alert_name: 'KubePodCrashLooping', tail_lines: 20, previous: true },
      pod_definition: { alert_name: 'KubePodCrashLooping' },
    },
  }, {
    conditions: [{ type: 'alert_is_firing', alert: { name: 'AlertThatIsNotFiring' } }],
    gathering_functions: { pod_definition: { alert_name: 'AlertThatIsNotFiring' } },
  }],
  container_logs: [],
};

const monitoring = requireMonitoring();

describe.skipIf(monitoring.skip)('conditional gathering with a real Prometheus firing KubePodCrashLooping', () => {
  const kube = useKubeSimSync();
  const consoleSim = useConsoleSim({ token: TOKEN });
  const prometheus = usePrometheus({
    alerts: [{ alert: 'KubePodCrashLooping', expr: 'vector(1)', labels: { namespace: NS, pod: POD, container: CONTAINER, severity: 'warning' } }],
  });
  let operator: OperatorProcess;
  let dir: string;
  let files: ArchiveFile[];

  beforeAll(async () => {
    const sim = (await kube).sim;
    const pod = runningPod({ namespace: NS, name: POD, containers: [CONTAINER] });
    const status = pod.status as { containerStatuses: Array<Record<string, unknown>> };
    status.containerStatuses[0] = {
      ...status.containerStatuses[0], ready: false, restartCount: 7,
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } },
      lastState: { terminated: { exitCode: 2, reason: 'Error' } },
    };
    sim.store.add(pod);
    sim.logs.set(NS, POD, CONTAINER, PREVIOUS, { previous: true });
    sim.logs.set(NS, POD, CONTAINER, ['I1125 01:10:00.000000       1 adapter.go:1] current run, not asked for']);
    sim.store.add({
      apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/dockerconfigjson',
      metadata: { name: 'pull-secret', namespace: 'openshift-config' },
      data: { '.dockerconfigjson': Buffer.from(JSON.stringify({ auths: { 'cloud.openshift.com': { auth: TOKEN, email: 'ops@example.com' } } })).toString('base64') },
    });
    consoleSim.sim.setRules(RULES);
    const api = `${consoleSim.sim.url}/api`;
    // The ConfigMap wins over the sample's support secret (whose rules endpoint is http://localhost:8080).
    sim.store.remove('v1', 'ConfigMap', 'insights-config', 'openshift-insights');
    sim.store.add({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'insights-config', namespace: 'openshift-insights' },
      data: { 'config.yaml': `dataReporting:\n  uploadEndpoint: ${api}/ingress/v1/upload\n  conditionalGathererEndpoint: ${api}/gathering/v2/%s/gathering_rules\n` },
    });
    dir = await mkdtemp(join(tmpdir(), 'io-conditional-e2e-'));
    const config = join(dir, 'pod.yaml');
    await writeFile(config, [
      'interval: 10m',
      `storagePath: ${join(dir, 'archives')}`,
      // Prometheus as a cluster's: TLS verified against the service CA, the operator's own token sent.
      'monitoring:',
      `  prometheusURL: ${prometheus.server.url}`,
      `  caFile: ${prometheus.server.caFile}`,
      'ocm: {scaInterval: 1000h, clusterTransferInterval: 1000h}',
      'operatorTimings: {initialDelay: 0s, uploadFirstDelay: 0s, uploadRetry: 200ms, rulesRetry: 100ms}',
      '',
    ].join('\n'));
    operator = startOperatorProcess([
      'start', '--config', config, '--kubeconfig', (await kube).kubeconfigPath, '--listen', '127.0.0.1', '--metrics-port', '0',
      '--health-port', '0', '--log-format', 'json', '--trusted-ca-bundle', consoleSim.caFile,
    ], { env: { RELEASE_VERSION: '4.18.2' } });
    for (const deadline = Date.now() + 90_000; consoleSim.sim.uploads.length === 0;) {
      if (Date.now() > deadline) throw new Error(`no upload within 90 s; the operator said:\n${operator.text().slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    files = await readArchive(consoleSim.sim.uploads[0]!.bytes);
  }, 120_000);

  afterAll(async () => {
    await operator?.stop('SIGKILL').catch(() => undefined);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  const text = (name: string) => files.find((f) => f.name === name)?.data.toString('utf8');

  it("records the pod's previous log (its last 20 lines) and its definition at the original's paths", () => {
    const logPath = `conditional/namespaces/${NS}/pods/${POD}/containers/${CONTAINER}/logs-previous/last-20-lines.log`;
    // Asked with timestamps, as the original does: each line starts with the kubelet's RFC 3339 time.
    const lines = (text(logPath) ?? '').trimEnd().split('\n');
    expect(lines.every((l) => /^\d{4}-\d\d-\d\dT[\d:.]+Z /.test(l)), lines[0]).toBe(true);
    expect(lines.map((l) => l.slice(l.indexOf(' ') + 1))).toEqual(PREVIOUS.slice(-20));
    const definition = JSON.parse(text(`conditional/namespaces/${NS}/pods/${POD}/${POD}.json`) ?? 'null') as { metadata?: { name?: string }; status?: { containerStatuses?: Array<{ restartCount?: number }> } } | null;
    expect(definition?.metadata?.name).toBe(POD);
    expect(definition?.status?.containerStatuses?.[0]?.restartCount).toBe(7);
  });

  it('reports the planned calls under their original names, and nothing for the rule whose alert is not firing', () => {
    const reports = new Map(gathersJson(files).status_reports.map((r) => [r.name, r]));
    expect(reports.get('conditional/plan')).toMatchObject({ status: 'ok' });
    expect(reports.get('conditional/containers_logs/alert_name=KubePodCrashLooping,previous=true,tail_lines=20')).toMatchObject({ status: 'ok', records_count: 1 });
    expect(reports.get('conditional/pod_definition/alert_name=KubePodCrashLooping')).toMatchObject({ status: 'ok', records_count: 1 });
    expect([...reports.keys()].filter((n) => n.includes('AlertThatIsNotFiring'))).toEqual([]);
  });

  it('the rules metadata shows which rule triggered, with the remote version and endpoint', () => {
    const rules = JSON.parse(text('insights-operator/conditional-gatherer-rules.json') ?? 'null') as {
      version: string; endpoint: string; conditional_gathering_rules: Array<{ rule: { conditions: Array<{ alert?: { name: string } }> }; errors: unknown; was_triggered: boolean }>;
    };
    expect(rules.version).toBe('3.1.4');
    expect(rules.endpoint).toBe(`${consoleSim.sim.url}/api/gathering/v2/4.18.2/gathering_rules`);
    expect(rules.conditional_gathering_rules.map((r) => [r.rule.conditions[0]?.alert?.name, r.was_triggered, r.errors]))
      .toEqual([['KubePodCrashLooping', true, null], ['AlertThatIsNotFiring', false, null]]);
    expect(JSON.parse(text('insights-operator/remote-configuration.json') ?? 'null')).toEqual(RULES);
  });
});

/** The kube simulator, started once for this file (the harness registers its hooks when called). */
function useKubeSimSync() {
  return useKubeSim({ fixture: 'sample' });
}
