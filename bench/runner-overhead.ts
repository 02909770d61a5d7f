import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { defineGatheringFunction, definePlugin } from '../plugin-api/index.ts';
import type { KubeClient } from '../plugin-api/index.ts';
import { GatherService } from '../core/gather/gather-service.ts';
import { resolveGatherSettings } from '../core/gather/gather-settings.ts';
import { timePair } from './measure.ts';
import type { BenchRow } from './measure.ts';

const COUNT = 10_000;

/**
 * (c) A whole gather of 10,000 no-op functions (selection, pool, deadlines, reports, gathers.json,
 * archive) against the same 10,000 calls awaited in a bare loop.
 */
export async function benchRunnerOverhead(rounds = 3): Promise<BenchRow> {
  const noop = defineGatheringFunction({ description: 'no-op', paths: [], permissions: [], gather: () => [] });
  const functions = Object.fromEntries(Array.from({ length: COUNT }, (_, i) => [`f${i}`, noop]));
  const plugin = definePlugin({ name: 'bench', functions });
  const kube = {} as KubeClient;
  const service = new GatherService({
    plugins: { plugins: [{ plugin, manifest: { name: 'bench', version: '1.0.0', pluginApi: '^1.0.0', entry: 'x' }, directory: '/bench', builtIn: false }], failures: [] },
    kubeSession: () => () => kube,
    logger: pino({ level: 'silent' }),
    now: () => new Date(),
    resolveService: () => ({ found: false }),
  });
  const dir = await mkdtemp(join(tmpdir(), 'io-bench-run-'));
  try {
    const { candidateMs, baselineMs } = await timePair(
      rounds,
      async () => {
        const outcome = await service.gather(resolveGatherSettings({}, { storagePath: dir }));
        if (outcome.reports.length !== COUNT) throw new Error(`expected ${COUNT} reports, got ${outcome.reports.length}`);
        await rm(outcome.archivePath!);
      },
      async () => {
        for (const f of Object.values(functions)) await f.gather({} as never);
      },
    );
    return {
      name: `(c) gather of ${COUNT} no-op functions`,
      measured: `${candidateMs.toFixed(0)} ms`,
      baseline: `${baselineMs.toFixed(1)} ms bare loop`,
      ratio: candidateMs / baselineMs,
      target: 'measured <= 1 s',
      pass: candidateMs <= 1000,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
