import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { OPERATOR_NODE_FLAGS } from '../core/cli/node-flags.ts';
import { startOperatorProcess } from '../test/helpers/operator-process.ts';
import { startKubeSim } from '../test/sim/kube/index.ts';
import { median } from './measure.ts';
import type { BenchRow } from './measure.ts';

const IDLE_MS = 15_000;

/** A bare Node process with the operator's flags: how long it takes to run, and its RSS. */
async function bareNode(): Promise<{ ms: number; rss: number }> {
  const started = performance.now();
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [...OPERATOR_NODE_FLAGS, '-e', 'process.stdout.write(String(process.memoryUsage().rss))'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (c: Buffer) => { text += c.toString(); });
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`node exited with ${code}`))));
  });
  return { ms: performance.now() - started, rss: Number(out) };
}

/** One operator run: spawn → `operator started`, then its RSS after the first gather and a quiet spell. */
async function operatorRun(kubeconfig: string, dir: string): Promise<{ startMs: number; idleRss: number }> {
  const config = join(dir, 'pod.yaml');
  await writeFile(config, `interval: 1h\nstoragePath: ${join(dir, 'archives')}\noperatorTimings: {initialDelay: 0s}\n`);
  const spawned = performance.now();
  const operator = startOperatorProcess(['start', '--config', config, '--kubeconfig', kubeconfig, '--listen', '127.0.0.1',
    '--metrics-port', '0', '--health-port', '0', '--log-format', 'json', '--log-level', 'info']);
  try {
    const started = await operator.waitForLog((l) => l.msg === 'operator started');
    const startMs = performance.now() - spawned;
    await operator.waitForLog((l) => l.msg === 'gather finished', 120_000);
    await sleep(IDLE_MS);
    const metrics = await (await request(started['metrics'] as string)).body.text();
    const rss = /^process_resident_memory_bytes (\d+)/m.exec(metrics)?.[1];
    if (rss === undefined) throw new Error('process_resident_memory_bytes is missing from /metrics');
    return { startMs, idleRss: Number(rss) };
  } finally {
    await operator.stop('SIGTERM');
  }
}

/**
 * (e) The running operator against the sample cluster: its start-up time (spawn until every service runs:
 * metrics server, first configuration read, first status write, schedule) against a bare Node process
 * with the same flags; and its RSS when idle after the first gather against that bare process's RSS.
 */
export async function benchOperatorIdle(rounds = 3): Promise<BenchRow[]> {
  const sim = await startKubeSim({ fixture: 'sample' });
  const dockerconfig = JSON.stringify({ auths: { 'cloud.openshift.com': { auth: 'bench-token' } } });
  sim.store.add({
    apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pull-secret', namespace: 'openshift-config' },
    data: { '.dockerconfigjson': Buffer.from(dockerconfig).toString('base64') },
  });
  const dir = await mkdtemp(join(tmpdir(), 'io-bench-idle-'));
  const starts: number[] = [];
  const rss: number[] = [];
  const bareMs: number[] = [];
  const bareRss: number[] = [];
  try {
    const kubeconfig = join(dir, 'kubeconfig');
    await sim.writeKubeconfig(kubeconfig);
    for (let i = 0; i < rounds; i++) {
      const bare = await bareNode();
      bareMs.push(bare.ms);
      bareRss.push(bare.rss);
      const run = await operatorRun(kubeconfig, dir);
      starts.push(run.startMs);
      rss.push(run.idleRss);
    }
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
  const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
  const startRatio = median(starts) / median(bareMs);
  const rssRatio = median(rss) / median(bareRss);
  return [
    {
      name: '(e) operator start-up (spawn to all services running) vs bare node',
      measured: `${median(starts).toFixed(0)} ms`,
      baseline: `${median(bareMs).toFixed(0)} ms`,
      ratio: startRatio,
      target: '<= 40',
      pass: startRatio <= 40,
    },
    {
      name: `(e) operator idle RSS (${IDLE_MS / 1000} s after the first gather) vs bare node`,
      measured: mib(median(rss)),
      baseline: mib(median(bareRss)),
      ratio: rssRatio,
      // @kubernetes/client-node alone loads every API model eagerly: about 85 MiB of RSS before any work.
      target: '<= 5.00',
      pass: rssRatio <= 5,
    },
  ];
}
