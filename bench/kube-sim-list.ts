import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { median } from './measure.ts';
import type { BenchRow } from './measure.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAGE = 500;

interface Sim { child: ChildProcess; lines: AsyncIterator<string>; reader: Interface; server: string; ca: string; token: string; seedMs: number }

async function startSim(dir: string): Promise<Sim> {
  const kubeconfig = join(dir, 'kubeconfig');
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'test/sim/kube/main.ts'), '--scale', 'huge', '--kubeconfig-out', kubeconfig, '--cpu-report'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const reader = createInterface({ input: child.stdout! });
  const lines = reader[Symbol.asyncIterator]();
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`))));
  exited.catch(() => undefined); // it also rejects when the simulator is stopped at the end
  const first = await Promise.race([lines.next(), exited]);
  if (!String(first.value).startsWith('kube-sim listening')) throw new Error(`unexpected simulator output: ${String(first.value)}`);
  const seedMs = performance.now() - started;
  const kc = parse(await readFile(kubeconfig, 'utf8')) as { clusters: Array<{ cluster: { server: string; 'certificate-authority-data': string } }>; users: Array<{ user: { token: string } }> };
  const cluster = kc.clusters[0]!.cluster;
  return { child, lines, reader, server: cluster.server, ca: Buffer.from(cluster['certificate-authority-data'], 'base64').toString(), token: kc.users[0]!.user.token, seedMs };
}

async function ask<T>(sim: Sim, command: string): Promise<T> {
  sim.child.stdin!.write(`${command}\n`);
  const reply = await sim.lines.next();
  return JSON.parse(String(reply.value)) as T;
}

async function simCpuUs(sim: Sim): Promise<number> {
  const { user, system } = await ask<{ user: number; system: number }>(sim, 'cpu');
  return user + system;
}

function getJson(sim: Sim, agent: Agent, path: string): Promise<{ metadata: { continue?: string }; items: Array<{ metadata: { namespace: string; name: string } }> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${sim.server}${path}`, { agent, ca: sim.ca, headers: { authorization: `Bearer ${sim.token}`, accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`${path}: HTTP ${res.statusCode}`));
        else resolve(JSON.parse(Buffer.concat(chunks).toString()));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Lists every pod in pages of PAGE, checking each is seen once. */
async function listAllPods(sim: Sim, agent: Agent): Promise<number> {
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await getJson(sim, agent, `/api/v1/pods?limit=${PAGE}${token === undefined ? '' : `&continue=${encodeURIComponent(token)}`}`);
    for (const p of page.items) {
      const key = `${p.metadata.namespace}/${p.metadata.name}`;
      if (seen.has(key)) throw new Error(`${key} listed twice`);
      seen.add(key);
    }
    token = page.metadata.continue || undefined;
  } while (token !== undefined);
  return seen.size;
}

function peakRssMiB(pid: number | undefined): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then((s) => Number(/VmHWM:\s+(\d+) kB/.exec(s)?.[1] ?? NaN) / 1024, () => NaN);
}

/**
 * The simulator serving 100,000 pods (`--scale huge`) in pages of 500 to a client in another process:
 * the CPU time the simulator spends (its own process.cpuUsage, read over stdin) against the CPU time
 * of JSON.stringify over the same 100,000 pod objects, measured in the simulator in the same run.
 * Objects are stored serialized, so serving should cost little more than encoding them once.
 */
export async function benchSimList(rounds = 3): Promise<BenchRow> {
  const dir = await mkdtemp(join(tmpdir(), 'io-bench-sim-'));
  const sim = await startSim(dir);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const serving: number[] = [];
    const baseline: number[] = [];
    let pods = 0;
    for (let i = 0; i < rounds; i++) {
      const before = await simCpuUs(sim);
      pods = await listAllPods(sim, agent);
      serving.push((await simCpuUs(sim)) - before);
      baseline.push((await ask<{ pods: number; cpuUs: number }>(sim, 'stringify-pods')).cpuUs);
    }
    if (pods < 100_000) throw new Error(`listed ${pods} pods, expected 100,000`);
    const serveMs = median(serving) / 1000;
    const stringifyMs = median(baseline) / 1000;
    const ratio = serveMs / stringifyMs;
    const rss = await peakRssMiB(sim.child.pid);
    return {
      name: `kube-sim list of ${pods.toLocaleString('en-US')} pods in pages of ${PAGE} (seeded in ${(sim.seedMs / 1000).toFixed(1)} s, peak RSS ${rss.toFixed(0)} MiB)`,
      measured: `${serveMs.toFixed(0)} ms sim CPU serving`,
      baseline: `${stringifyMs.toFixed(0)} ms CPU JSON.stringify`,
      ratio,
      target: '<= 3.00',
      pass: ratio <= 3,
    };
  } finally {
    agent.destroy();
    sim.reader.close();
    if (sim.child.exitCode === null) {
      const exit = new Promise((resolve) => sim.child.once('exit', resolve));
      sim.child.kill('SIGTERM');
      await exit;
    }
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { formatTable } = await import('./measure.ts');
  process.stdout.write(`${formatTable([await benchSimList()])}\n`);
}
