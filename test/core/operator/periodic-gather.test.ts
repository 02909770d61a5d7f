import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ObservedConfig } from '../../../core/config/config-observer.ts';
import { mergeConfig } from '../../../core/config/merge-config.ts';
import { defaultsFromPodConfig } from '../../../core/config/operator-defaults.ts';
import { Token } from '../../../core/config/token.ts';
import type { GatherOutcome, GatherService } from '../../../core/gather/gather-service.ts';
import type { GatherSettings } from '../../../core/gather/gather-settings.ts';
import type { LoadResult } from '../../../core/loader/plugin-loader.ts';
import { createOperatorMetrics } from '../../../core/metrics/operator-metrics.ts';
import { PeriodicGather } from '../../../core/operator/periodic-gather.ts';
import type { DiskVerdict } from '../../../core/pruner/disk-guard.ts';
import type { FunctionReport } from '../../../core/runner/function-report.ts';
import { PluginPeriods } from '../../../core/scheduler/plugin-periods.ts';
import { StatusSources } from '../../../core/status/status-sources.ts';
import { definePlugin, defineGatheringFunction } from '../../../plugin-api/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const noop = defineGatheringFunction({ description: 'nothing', paths: [], permissions: [], async *gather() {} });
const plugins = {
  plugins: [
    { plugin: definePlugin({ name: 'alpha', functions: { one: noop, two: noop } }), directory: '/a', builtIn: true },
    { plugin: definePlugin({ name: 'slow', period: '12h', functions: { big: noop } }), directory: '/s', builtIn: true },
  ],
  failures: [],
} as unknown as LoadResult;

function observed(options: { token?: boolean; gatheringDisabled?: boolean; storagePath: string; disabled?: string[] }): ObservedConfig {
  const defaults = defaultsFromPodConfig({ storagePath: options.storagePath });
  return {
    config: mergeConfig(defaults, undefined, undefined, options.token === false ? undefined : new Token('t0ken')),
    gathering: { disabled: options.disabled ?? [], enabledExceptions: [], gatheringDisabled: options.gatheringDisabled ?? false, dataPolicy: { networking: false, workloadNames: false } },
    problems: [],
  };
}

function report(name: string, status: FunctionReport['status'], errors: string[] = []): FunctionReport {
  const plugin = name.split('/')[0]!;
  return { name, plugin, status, durationMs: 5, recordsCount: 1, errors, warnings: [], panic: null, startedAtMs: 0 };
}

async function setup(options: { token?: boolean; gatheringDisabled?: boolean; disk?: DiskVerdict; reports?: FunctionReport[] } = {}) {
  const storagePath = await tempDir();
  const archivePath = join(storagePath, 'insights-2026-11-24-100000.tar.gz');
  await writeFile(archivePath, Buffer.alloc(1234));
  const calls: GatherSettings[] = [];
  const reports = options.reports ?? [report('alpha/one', 'ok'), report('alpha/two', 'ok'), report('slow/big', 'ok')];
  const gatherService = {
    async gather(settings: GatherSettings): Promise<GatherOutcome> {
      calls.push(settings);
      const ran = [...new Set(reports.filter((r) => r.status !== 'skipped' && r.status !== 'disabled').map((r) => r.plugin))];
      return { archivePath, reports, metadata: undefined, pluginsRan: ran, uncompressedBytes: 4096, droppedRecords: { too_large: 1 } };
    },
  } as unknown as GatherService;
  const sources = new StatusSources();
  const metrics = createOperatorMetrics({ processMetrics: false });
  const periods = new PluginPeriods();
  let statusTriggers = 0;
  const archived: string[] = [];
  const config = observed({ storagePath, ...options });
  const periodic = new PeriodicGather({
    gatherService,
    observed: () => config,
    file: {},
    plugins,
    periods,
    diskCheck: async () => options.disk ?? { allowed: true, usage: { usedBytes: 1, availableBytes: 9, usedRatio: 0.1 } } as DiskVerdict,
    sources,
    metrics,
    logger: pino({ level: 'silent' }),
    now: () => new Date('2026-11-24T10:00:00Z'),
    statusChanged: () => { statusTriggers++; },
    archived: (path) => archived.push(path),
  });
  return { periodic, calls, sources, metrics, periods, archived, archivePath, statusTriggers: () => statusTriggers };
}

describe('PeriodicGather', () => {
  it('gathers with the cluster settings, records metrics, marks plugin periods and reports each plugin', async () => {
    const s = await setup({ reports: [report('alpha/one', 'ok'), report('alpha/two', 'error', ['nodes: HTTP 500']), report('slow/big', 'ok')] });
    const outcome = await s.periodic.run(new AbortController().signal);
    expect(outcome?.archivePath).toBe(s.archivePath);
    expect(s.calls).toHaveLength(1);
    expect(s.archived).toEqual([s.archivePath]);
    expect(s.statusTriggers()).toBeGreaterThan(0);
    expect(s.sources.get('periodic-alpha')).toMatchObject({ healthy: false, reason: 'PeriodicGatherFailed', message: 'Source alpha could not be retrieved: nodes: HTTP 500' });
    expect(s.sources.get('periodic-slow')).toMatchObject({ healthy: true });
    const text = await s.metrics.registry.metrics();
    expect(text).toContain('insights_gather_archive_bytes{kind="compressed"} 1234');
    expect(text).toContain('insights_gather_archive_bytes{kind="uncompressed"} 4096');
    expect(text).toContain('insights_gather_records_dropped_total{reason="too_large"} 1');
    // The 12h plugin ran: the next gather is told it is not due.
    await s.periodic.run(new AbortController().signal);
    expect([...s.calls[1]!.notDue.keys()]).toEqual(['slow']);
    expect(s.calls[0]!.notDue.size).toBe(0);
  });

  it('does not gather without a token, nor when InsightsDataGather turns gathering off', async () => {
    for (const options of [{ token: false }, { gatheringDisabled: true, dataPolicy: { networking: false, workloadNames: false } }]) {
      const s = await setup(options);
      expect(await s.periodic.run(new AbortController().signal)).toBeUndefined();
      expect(s.calls).toHaveLength(0);
    }
  });

  it('writes nothing while the disk guard refuses, says why in the status source and the metric, and resumes after', async () => {
    const full: DiskVerdict = { allowed: false, reason: 'DiskUsageTooHigh', message: 'storage directory /x: 93% used', usage: { usedBytes: 93, availableBytes: 7, usedRatio: 0.93 } } as DiskVerdict;
    const s = await setup({ disk: full });
    expect(await s.periodic.run(new AbortController().signal)).toBeUndefined();
    expect(s.calls).toHaveLength(0);
    expect(s.sources.get('Storage')).toMatchObject({ healthy: false, reason: 'DiskUsageTooHigh', message: 'storage directory /x: 93% used' });
    expect(await s.metrics.registry.metrics()).toContain('insights_storage_writes_blocked 1');
  });

  it('passes disabled gatherers from InsightsDataGather on to the gather', async () => {
    const s = await setup();
    const storagePath = (await tempDir());
    const config = observed({ storagePath, disabled: ['alpha/two'] });
    const periodic = new PeriodicGather({ gatherService: { gather: async (settings: GatherSettings) => { s.calls.push(settings); return { archivePath: undefined, reports: [], metadata: undefined, pluginsRan: [] }; } } as unknown as GatherService,
      observed: () => config, file: { disabledGatherers: ['slow'] }, plugins, periods: new PluginPeriods(),
      diskCheck: async () => ({ allowed: true, usage: { usedBytes: 1, availableBytes: 9, usedRatio: 0.1 } }) as DiskVerdict,
      sources: new StatusSources(), metrics: createOperatorMetrics({ processMetrics: false }), logger: pino({ level: 'silent' }),
      now: () => new Date(), statusChanged: () => {} });
    await periodic.run(new AbortController().signal);
    expect(s.calls.at(-1)!.disabled).toEqual(['slow', 'alpha/two']);
    expect(s.calls.at(-1)!.storagePath).toBe(storagePath);
  });
});
