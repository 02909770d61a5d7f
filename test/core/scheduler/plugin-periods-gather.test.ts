import { readdir } from 'node:fs/promises';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { GatherService } from '../../../core/gather/gather-service.ts';
import { resolveGatherSettings } from '../../../core/gather/gather-settings.ts';
import type { GatherSettings } from '../../../core/gather/gather-settings.ts';
import { loadPlugins } from '../../../core/loader/plugin-loader.ts';
import type { LoadResult } from '../../../core/loader/plugin-loader.ts';
import { PluginPeriods } from '../../../core/scheduler/plugin-periods.ts';
import { gathersJson, readArchive } from '../../helpers/read-archive.ts';
import { noKube } from '../../helpers/run-harness.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { pluginSource, writePlugin } from '../../helpers/write-plugin.ts';

/** Loads, from real plugin folders, `hourly` (period 1h, functions a and b) and optionally `always`. */
async function loadTestPlugins(withAlways = true): Promise<LoadResult> {
  const extra = await tempDir('io-plugins-');
  const hourly = pluginSource('hourly', ['a', 'b']).replace("name: 'hourly',", "name: 'hourly',\n  period: '1h',");
  expect(hourly).toContain("period: '1h'");
  await writePlugin(extra, 'hourly', { source: hourly });
  if (withAlways) await writePlugin(extra, 'always', { source: pluginSource('always', ['one']) });
  const loaded = await loadPlugins({ builtInDir: await tempDir('io-builtin-'), extraDirs: [extra] });
  expect(loaded.failures).toEqual([]);
  return loaded;
}

/** A gather service on a settable clock, and the operator's loop around it: notDue before, markRan after. */
function operatorLike(plugins: LoadResult) {
  let now = new Date('2026-11-24T12:00:00Z');
  const service = new GatherService({
    plugins,
    kubeSession: () => () => noKube,
    logger: pino({ level: 'silent' }),
    now: () => now,
    resolveService: () => ({ found: false }),
  });
  const periods = new PluginPeriods();
  return {
    periods,
    async gatherAt(iso: string, settings: GatherSettings) {
      now = new Date(iso);
      const started = now;
      const outcome = await service.gather({ ...settings, notDue: periods.notDue(plugins.plugins, started) });
      for (const plugin of outcome.pluginsRan) periods.markRan(plugin, started);
      return outcome;
    },
  };
}

describe('plugin periods through the gather service', () => {
  it('gathers a plugin with a period once, then reports its functions skipped with the reason until it is due', async () => {
    const plugins = await loadTestPlugins();
    const storagePath = await tempDir();
    const settings = resolveGatherSettings({}, { storagePath });
    const op = operatorLike(plugins);

    const first = await op.gatherAt('2026-11-24T12:00:00Z', settings);
    expect(first.pluginsRan.sort()).toEqual(['always', 'hourly']);
    const firstFiles = (await readArchive(first.archivePath!)).map((f) => f.name);
    expect(firstFiles).toEqual(expect.arrayContaining(['test/hourly/a.json', 'test/hourly/b.json', 'test/always/one.json']));

    const second = await op.gatherAt('2026-11-24T12:30:00Z', settings);
    expect(second.pluginsRan).toEqual(['always']);
    const files = await readArchive(second.archivePath!);
    expect(files.map((f) => f.name).filter((n) => n.startsWith('test/hourly/'))).toEqual([]);
    expect(files.map((f) => f.name)).toContain('test/always/one.json');
    const reason = 'hourly runs at most every 1h; last run 2026-11-24T12:00:00Z, next due 2026-11-24T13:00:00Z';
    const byName = new Map(gathersJson(files).status_reports.map((r) => [r.name, r]));
    for (const name of ['hourly/a', 'hourly/b']) {
      expect(byName.get(name)).toEqual({ name, duration_in_ms: 0, records_count: 0, errors: null, warnings: [reason], panic: null, status: 'skipped' });
    }
    expect(byName.get('hourly')).toMatchObject({ status: 'skipped', duration_in_ms: 0, records_count: 0, errors: null, warnings: [reason] });
    expect(byName.get('always/one')).toMatchObject({ status: 'ok', records_count: 1, warnings: null });
    expect(byName.get('always')).toMatchObject({ status: 'ok', warnings: null });

    // One period after the first run it is due again.
    const third = await op.gatherAt('2026-11-24T13:00:00Z', settings);
    expect(third.pluginsRan.sort()).toEqual(['always', 'hourly']);
    const thirdFiles = await readArchive(third.archivePath!);
    expect(thirdFiles.map((f) => f.name)).toEqual(expect.arrayContaining(['test/hourly/a.json', 'test/hourly/b.json']));
    expect(gathersJson(thirdFiles).status_reports.find((r) => r.name === 'hourly')).toMatchObject({ status: 'ok', records_count: 2 });
    expect((await readdir(storagePath)).sort()).toEqual([
      'insights-2026-11-24-120000.tar.gz', 'insights-2026-11-24-123000.tar.gz', 'insights-2026-11-24-130000.tar.gz',
    ]);
  });

  it('a disabled function of a not-due plugin stays disabled', async () => {
    const plugins = await loadTestPlugins();
    const storagePath = await tempDir();
    const op = operatorLike(plugins);
    await op.gatherAt('2026-11-24T12:00:00Z', resolveGatherSettings({}, { storagePath }));
    const outcome = await op.gatherAt('2026-11-24T12:10:00Z', resolveGatherSettings({}, { storagePath, disabled: ['hourly/b'] }));
    const statuses = Object.fromEntries(gathersJson(await readArchive(outcome.archivePath!)).status_reports.map((r) => [r.name, [r.status, r.warnings]]));
    expect(statuses['hourly/a']).toEqual(['skipped', [expect.stringMatching(/^hourly runs at most every 1h/)]]);
    expect(statuses['hourly/b']).toEqual(['disabled', null]);
    expect(statuses['hourly']?.[0]).toBe('skipped');
  });

  it('a plugin that is only disabled is not marked as ran, so it runs once enabled again', async () => {
    const plugins = await loadTestPlugins();
    const storagePath = await tempDir();
    const op = operatorLike(plugins);
    const off = await op.gatherAt('2026-11-24T12:00:00Z', resolveGatherSettings({}, { storagePath, disabled: ['hourly'] }));
    expect(off.pluginsRan).toEqual(['always']);
    const on = await op.gatherAt('2026-11-24T12:05:00Z', resolveGatherSettings({}, { storagePath }));
    expect(on.pluginsRan.sort()).toEqual(['always', 'hourly']);
  });

  it('writes no archive, without an error, when the only plugins are not due', async () => {
    const plugins = await loadTestPlugins(false);
    const storagePath = await tempDir();
    const op = operatorLike(plugins);
    const settings = resolveGatherSettings({}, { storagePath });
    await op.gatherAt('2026-11-24T12:00:00Z', settings);
    const outcome = await op.gatherAt('2026-11-24T12:30:00Z', settings);
    expect(outcome).toMatchObject({ archivePath: undefined, metadata: undefined, pluginsRan: [] });
    expect(outcome.reason).toBe('no function is due (hourly runs at most every 1h; last run 2026-11-24T12:00:00Z, next due 2026-11-24T13:00:00Z); no archive was written');
    expect(outcome.reports.map((r) => [r.name, r.status])).toEqual([['hourly/a', 'skipped'], ['hourly/b', 'skipped']]);
    expect(await readdir(storagePath)).toEqual(['insights-2026-11-24-120000.tar.gz']);
  });
});

describe('pluginsRan', () => {
  it('leaves out plugins whose functions never started because the gather was cancelled', async () => {
    const plugins = await loadTestPlugins();
    const storagePath = await tempDir();
    const service = new GatherService({
      plugins, kubeSession: () => () => noKube, logger: pino({ level: 'silent' }),
      now: () => new Date('2026-11-24T12:00:00Z'), resolveService: () => ({ found: false }),
    });
    const cancelled = new AbortController();
    cancelled.abort(new Error('stopping'));
    const outcome = await service.gather(resolveGatherSettings({}, { storagePath }), { signal: cancelled.signal });
    expect(outcome.pluginsRan).toEqual([]);
    const summaries = gathersJson(await readArchive(outcome.archivePath!)).status_reports.filter((r) => !r.name.includes('/'));
    expect(summaries.map((r) => [r.name, r.status])).toEqual([['always', 'skipped'], ['hourly', 'skipped']]);
    expect(summaries.every((r) => r.warnings === null)).toBe(true);
  });
});
