import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPERATOR_NODE_FLAGS } from '../core/cli/node-flags.ts';
import clusterconfig from '../plugins/clusterconfig/index.ts';
import { gathersJson, readArchive } from '../test/helpers/read-archive.ts';
import { median } from './measure.ts';
import type { BenchRow } from './measure.ts';
import { startSimProcess } from './start-sim-process.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const MEASURED = ['clusterconfig/container_images', 'clusterconfig/nodes'];

/**
 * One `gather` process with only the `measured` functions (`<plugin>/<function>`; a bare plugin name
 * keeps all of its functions) against the simulator; resolves with its peak RSS as gathers.json reports
 * it, and the records the measured plugins wrote.
 */
export async function gatherPeakRss(kubeconfig: string, output: string, measured: readonly string[] = MEASURED): Promise<{ rss: number; records: number }> {
  const kept = (name: string) => measured.includes(name) || measured.includes(name.slice(0, name.indexOf('/')));
  const plugins = [...new Set(measured.map((m) => m.split('/')[0]!))];
  const disable = [
    ...Object.keys(clusterconfig.functions).map((f) => `clusterconfig/${f}`).filter((f) => !kept(f)).flatMap((f) => ['--disable', f]),
    ...['workloads', 'conditional'].filter((p) => !plugins.includes(p)).flatMap((p) => ['--disable', p]),
  ];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [...OPERATOR_NODE_FLAGS, join(ROOT, 'core/cli/main.ts'), 'gather', '--kubeconfig', kubeconfig, '--output', output, ...disable], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`gather exited with ${code}`);
  const [archive] = (await readdir(output)).filter((n) => n.endsWith('.tar.gz'));
  const files = await readArchive(join(output, archive!));
  const meta = gathersJson(files);
  await rm(join(output, archive!));
  const records = meta.status_reports.filter((r) => plugins.includes(r.name)).reduce((s, r) => s + r.records_count, 0);
  return { rss: meta.container_memory_bytes_usage, records };
}

/**
 * (b) Peak RSS of the gather process (its own `container_memory_bytes_usage`) running `container_images`
 * and `nodes` against a generated cluster of 1× and 16× (500 and 8,000 pods), the simulator in its own
 * process. Records stream, so memory must stay flat.
 */
export async function benchGatherRss(rounds = 3): Promise<BenchRow> {
  const dir = await mkdtemp(join(tmpdir(), 'io-bench-rss-'));
  const result: Record<number, number[]> = { 1: [], 16: [] };
  try {
    for (const scale of [1, 16]) {
      const kubeconfig = join(dir, `kubeconfig-${scale}`);
      const sim = await startSimProcess(scale, kubeconfig);
      try {
        for (let i = 0; i < rounds; i++) result[scale]!.push((await gatherPeakRss(kubeconfig, join(dir, 'out'))).rss);
      } finally {
        sim.kill('SIGTERM');
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const one = median(result[1]!);
  const sixteen = median(result[16]!);
  const ratio = sixteen / one;
  const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
  return {
    name: '(b) gather peak RSS, 16x cluster (8,000 pods) vs 1x (500 pods)',
    measured: `${mib(sixteen)} at 16x`,
    baseline: `${mib(one)} at 1x`,
    ratio,
    target: '<= 1.20',
    pass: ratio <= 1.2,
  };
}
