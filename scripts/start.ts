// `npm start`: the main job, run locally.
// - Without $KUBECONFIG: the embedded demo. It starts the Kubernetes API simulator (seeded from the sample
//   archive, with a demo pull-secret token so that gathering is enabled) and runs the operator (`start`)
//   against it over HTTPS with a one-minute interval, until Ctrl-C. Archives go to ./insights-archives.
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
const sim = await startKubeSim({ fixture: 'sample' });
// A made-up token: gathering needs one (the original's rule); nothing here sends it anywhere.
const dockerconfig = JSON.stringify({ auths: { 'cloud.openshift.com': { auth: 'demo-token-not-a-secret', email: 'demo@example.com' } } });
sim.store.add({
  apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/dockerconfigjson',
  metadata: { name: 'pull-secret', namespace: 'openshift-config' },
  data: { '.dockerconfigjson': Buffer.from(dockerconfig).toString('base64') },
});
const dir = await mkdtemp(join(tmpdir(), 'insights-operator-demo-'));
const kubeconfig = join(dir, 'kubeconfig');
await sim.writeKubeconfig(kubeconfig);
const config = join(dir, 'pod.yaml');
await writeFile(config, [
  '# The embedded demo: config/pod.yaml with a short interval and local storage.',
  'interval: 1m',
  `storagePath: ${JSON.stringify(archives)}`,
  'impersonate: system:serviceaccount:openshift-insights:gather',
  'operatorTimings: {initialDelay: 0s, configResync: 30s, statusMinWrite: 2s, statusResync: 20s}',
  '',
].join('\n'));
const [metricsPort, healthPort] = [await freePort(), await freePort()];
process.stderr.write([
  'insights-operator demo: no $KUBECONFIG, so the operator runs against the embedded simulated cluster.',
  `  cluster:   ${sim.url}   (kubectl --kubeconfig ${kubeconfig} get clusteroperator insights -o yaml)`,
  `  archives:  ${archives}   (a gather every minute)`,
  `  metrics:   http://127.0.0.1:${metricsPort}/metrics`,
  `  health:    http://127.0.0.1:${healthPort}/healthz and /readyz`,
  '  uploading: not part of this build yet: archives stay on this machine, nothing is sent anywhere.',
  '  Ctrl-C stops it.',
  '',
].join('\n'));
try {
  process.exitCode = await run([
    'start', '--config', config, '--kubeconfig', kubeconfig, '--listen', '127.0.0.1',
    '--metrics-port', String(metricsPort), '--health-port', String(healthPort), ...extra,
  ]);
} finally {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
}
