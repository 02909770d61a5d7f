import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { GatherService } from '../../../core/gather/gather-service.ts';
import { resolveGatherSettings } from '../../../core/gather/gather-settings.ts';
import { loadPlugins } from '../../../core/loader/plugin-loader.ts';
import { PluginPeriods } from '../../../core/scheduler/plugin-periods.ts';
import { gathersJson, readArchive } from '../../helpers/read-archive.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { useSampleCluster } from '../clusterconfig/setup.ts';

describe('workloads plugin', () => {
  const env = useSampleCluster({ fixture: 'sample' });

  it('loads as a built-in plugin with its two functions and a 12h period', async () => {
    const { plugins, failures } = await loadPlugins();
    expect(failures.filter((f) => f.directory.endsWith('workloads'))).toEqual([]);
    const workloads = plugins.find((p) => p.manifest.name === 'workloads');
    expect(workloads?.plugin.period).toBe('12h');
    expect(Object.keys(workloads!.plugin.functions).sort()).toEqual(['helmchart_info', 'workload_info']);
  });

  it('gathers once, is skipped with the reason within 12h, and runs again when due', async () => {
    const loaded = await loadPlugins();
    const plugins = { plugins: loaded.plugins.filter((p) => p.manifest.name === 'workloads'), failures: [] };
    let now = new Date('2026-11-24T00:00:00Z');
    const service = new GatherService({
      plugins, kubeSession: () => () => env.kube, logger: pino({ level: 'silent' }), now: () => now, resolveService: () => ({ found: false }),
    });
    const periods = new PluginPeriods();
    const settings = resolveGatherSettings({}, { storagePath: await tempDir() });
    const gatherAt = async (iso: string) => {
      now = new Date(iso);
      const started = now;
      const outcome = await service.gather({ ...settings, notDue: periods.notDue(plugins.plugins, started) });
      for (const plugin of outcome.pluginsRan) periods.markRan(plugin, started);
      return { outcome, files: outcome.archivePath === undefined ? [] : await readArchive(outcome.archivePath) };
    };

    const first = await gatherAt('2026-11-24T00:00:00Z');
    expect(first.outcome.pluginsRan).toEqual(['workloads']);
    expect(first.files.map((f) => f.name)).toContain('config/workload_info.json');
    expect(gathersJson(first.files).status_reports.find((r) => r.name === 'workloads/workload_info')).toMatchObject({ status: 'ok', records_count: 1 });

    const second = await gatherAt('2026-11-24T11:59:00Z');
    // Only this plugin is loaded, so nothing is due: no archive, and both functions skipped with the reason.
    expect(second.outcome.pluginsRan).toEqual([]);
    expect(second.outcome.archivePath).toBeUndefined();
    const reason = 'workloads runs at most every 12h; last run 2026-11-24T00:00:00Z, next due 2026-11-24T12:00:00Z';
    expect(second.outcome.reason).toContain(reason);
    const reports = new Map(second.outcome.reports.map((r) => [r.name, r]));
    for (const name of ['workloads/workload_info', 'workloads/helmchart_info']) {
      expect(reports.get(name)).toMatchObject({ status: 'skipped', recordsCount: 0, warnings: [reason] });
    }

    const third = await gatherAt('2026-11-24T12:00:00Z');
    expect(third.outcome.pluginsRan).toEqual(['workloads']);
    expect(third.files.map((f) => f.name)).toContain('config/workload_info.json');
  });
});
