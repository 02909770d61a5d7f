import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatherPeakRss } from './gather-rss.ts';
import { median } from './measure.ts';
import type { BenchRow } from './measure.ts';
import { startSimProcess } from './start-sim-process.ts';

/**
 * (h) Peak RSS of the gather process running the workloads plugin (workload_info and helmchart_info)
 * against the `huge` generated cluster (100,000 pods; workload_info stops at its 8,000-pod cap, and
 * helmchart_info lists every ReplicaSet, DaemonSet, StatefulSet, Service and Deployment) vs the 16x
 * cluster (8,000 pods: the same capped output), the simulator in its own process. Pages stream, so
 * memory must not grow with the cluster beyond what the capped output holds.
 */
/** 16x has 8,000 pods: workload_info's cap, so 16x and huge write the same amount; 1x shows the cost of that output. */
const SCALES = ['1', '16', 'huge'];

export async function benchWorkloadsRss(rounds = 2): Promise<BenchRow> {
  const dir = await mkdtemp(join(tmpdir(), 'io-bench-workloads-'));
  const result = new Map<string, number[]>(SCALES.map((s) => [s, []]));
  try {
    for (const scale of SCALES) {
      const kubeconfig = join(dir, `kubeconfig-${scale}`);
      const sim = await startSimProcess(scale, kubeconfig);
      try {
        for (let i = 0; i < rounds; i++) result.get(scale)!.push((await gatherPeakRss(kubeconfig, join(dir, 'out'), ['workloads'])).rss);
      } finally {
        sim.kill('SIGTERM');
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const one = median(result.get('1')!);
  const sixteen = median(result.get('16')!);
  const huge = median(result.get('huge')!);
  const ratio = huge / sixteen;
  const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
  return {
    name: '(h) workloads gather peak RSS, huge cluster (100,000 pods) vs 16x (8,000 pods, the cap)',
    measured: `${mib(huge)} at huge`,
    baseline: `${mib(sixteen)} at 16x (1x: ${mib(one)})`,
    ratio,
    target: '<= 1.20',
    pass: ratio <= 1.2,
  };
}
