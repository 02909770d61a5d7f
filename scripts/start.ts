// `npm start`: the main job, run locally.
// - Without $KUBECONFIG: the embedded demo. It starts the Kubernetes API simulator (seeded from the sample
//   archive, with a demo pull-secret token so that gathering is enabled) and the Insights console
//   simulator, and runs the operator (`start`) against both over HTTPS with a one-minute interval, until
//   Ctrl-C: it gathers into ./insights-archives, uploads to the simulated ingress, downloads the simulated
//   report, and pulls simulated entitlements.
// - With $KUBECONFIG: one gather of that cluster (`gather`), never the long-running operator: the real
//   operator owns the insights ClusterOperator there, and a second writer would fight it.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OPERATOR_NODE_FLAGS } from '../core/cli/node-flags.ts';

const main = new URL('../core/cli/main.ts', import.meta.url).pathname;
const extra = process.argv.slice(2);
const archives = resolve('insights-archives');

function run(args: string[]): Promise<number> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...OPERATOR_NODE_FLAGS, main, ...args], { stdio: 'inherit' });
    // The child gets the terminal's Ctrl-C itself; a SIGTERM sent to this script is passed on.
    // This script waits for the child to finish its shutdown instead of dying on the Ctrl-C.
    const forward = () => child.kill('SIGTERM');
    const ignore = () => {};
    process.on('SIGTERM', forward);
    process.on('SIGINT', ignore);
    child.on('exit', (code, signal) => {
      process.off('SIGTERM', forward);
      process.off('SIGINT', ignore);
      done(code ?? (signal ? 1 : 0));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

if (process.env.KUBECONFIG) {
  process.stderr.write(`gathering once from the cluster of $KUBECONFIG (${process.env.KUBECONFIG})\n`);
  process.exit(await run(['gather', '--output', archives, ...extra]));
}

const { startKubeSim } = await import('../test/sim/kube/index.ts');
const { startConsoleSim } = await import('../test/sim/console/index.ts');
const { sampleReport } = await import('../test/sim/console/sample-report.ts');
const { findMonitoringBinaries, startAlertmanager, startPrometheus } = await import('../test/sim/monitoring/index.ts');
// A made-up token: gathering needs one (the original's rule); it only ever goes to the console simulator.
const TOKEN = 'demo-token-not-a-secret';
const sim = await startKubeSim({ fixture: 'sample' });
const consoleSim = await startConsoleSim({ token: TOKEN });
consoleSim.setReport('*', sampleReport(new Date().toISOString()));
// The sample cluster's own insights-config points at console.redhat.com through its (anonymized) proxy;
// this one points at the console simulator (its support secret's rules endpoint, http://localhost:8080, too).
sim.store.remove('v1', 'ConfigMap', 'insights-config', 'openshift-insights');
sim.store.add({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'insights-config', namespace: 'openshift-insights' },
  data: { 'config.yaml': `dataReporting:\n  uploadEndpoint: ${consoleSim.url}/api/ingress/v1/upload\n  conditionalGathererEndpoint: ${consoleSim.url}/api/gathering/v2/%s/gathering_rules\n` },
});
const dockerconfig = JSON.stringify({ auths: { 'cloud.openshift.com': { auth: TOKEN, email: 'demo@example.com' } } });
sim.store.add({
  apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/dockerconfigjson',
  metadata: { name: 'pull-secret', namespace: 'openshift-config' },
  data: { '.dockerconfigjson': Buffer.from(dockerconfig).toString('base64') },
});
const dir = await mkdtemp(join(tmpdir(), 'insights-operator-demo-'));
// The cluster's monitoring stack, when Debian's prometheus and prometheus-alertmanager are installed: an
// alert fires that the console simulator's rules follow (conditional gathering), and the monitoring
// functions have a Prometheus and an Alertmanager to read.
const missingMonitoring = findMonitoringBinaries().missing;
const alertmanager = missingMonitoring.length === 0 ? await startAlertmanager() : undefined;
const prometheus = alertmanager === undefined ? undefined : await startPrometheus({
  alerts: [{ alert: 'SamplesImagestreamImportFailing', expr: 'vector(1)', labels: { namespace: 'openshift-cluster-samples-operator', severity: 'warning' } }],
  alertmanager: { url: alertmanager.url, caFile: alertmanager.caFile },
});
const monitoringCa = join(dir, 'service-ca.crt');
if (prometheus !== undefined && alertmanager !== undefined) await writeFile(monitoringCa, `${prometheus.caPem}${alertmanager.caPem}`);
const kubeconfig = join(dir, 'kubeconfig');
await sim.writeKubeconfig(kubeconfig);
const caFile = join(dir, 'console-ca.pem');
await writeFile(caFile, consoleSim.caPem);
const api = `${consoleSim.url}/api`;
const config = join(dir, 'pod.yaml');
await writeFile(config, [
  '# The embedded demo: config/pod.yaml with a short interval, local storage and the simulated console.',
  'interval: 1m',
  `storagePath: ${JSON.stringify(archives)}`,
  'impersonate: system:serviceaccount:openshift-insights:gather',
  `conditionalGathererEndpoint: ${api}/gathering/v2/%s/gathering_rules`,
  'pull_report:',
  `  endpoint: ${api}/insights-results-aggregator/v2/cluster/%s/reports`,
  '  delay: 5s',
  'ocm:',
  `  scaEndpoint: ${api}/accounts_mgmt/v1/entitlement_certificates`,
  `  clusterTransferEndpoint: ${api}/accounts_mgmt/v1/cluster_transfers/`,
  'operatorTimings: {initialDelay: 0s, uploadFirstDelay: 0s, configResync: 30s, statusMinWrite: 2s, statusResync: 20s}',
  ...(prometheus === undefined || alertmanager === undefined ? [] : [
    'monitoring:',
    `  prometheusURL: ${prometheus.url}`,
    `  alertmanagerURL: ${alertmanager.url}`,
    `  caFile: ${JSON.stringify(monitoringCa)}`,
  ]),
  '',
].join('\n'));
const [metricsPort, healthPort] = [await freePort(), await freePort()];
process.stderr.write([
  'insights-operator demo: no $KUBECONFIG, so the operator runs against the embedded simulated cluster.',
  `  cluster:   ${sim.url}   (kubectl --kubeconfig ${kubeconfig} get clusteroperator insights -o yaml)`,
  `  archives:  ${archives}   (a gather every minute)`,
  `  metrics:   http://127.0.0.1:${metricsPort}/metrics`,
  `  health:    http://127.0.0.1:${healthPort}/healthz and /readyz`,
  `  console:   ${consoleSim.url}   (simulated Insights console: uploads, report, entitlements, gathering rules; nothing leaves this machine)`,
  prometheus === undefined
    ? `  monitoring: none (${missingMonitoring.join(', ')} not installed: apt-get install prometheus prometheus-alertmanager); the monitoring functions will fail`
    : `  monitoring: Prometheus ${prometheus.url} (SamplesImagestreamImportFailing firing), Alertmanager ${alertmanager!.url}`,
  '  Ctrl-C stops it.',
  '',
].join('\n'));
try {
  process.exitCode = await run([
    'start', '--config', config, '--kubeconfig', kubeconfig, '--trusted-ca-bundle', caFile, '--listen', '127.0.0.1',
    '--metrics-port', String(metricsPort), '--health-port', String(healthPort), ...extra,
  ]);
} finally {
  process.stderr.write(`the simulated console accepted ${consoleSim.uploads.length} upload(s)\n`);
  await consoleSim.close();
  await prometheus?.close();
  await alertmanager?.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
}
