import { readdir } from 'node:fs/promises';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { raw, record } from '../../../plugin-api/index.ts';
import { GatherService } from '../../../core/gather/gather-service.ts';
import { resolveGatherSettings } from '../../../core/gather/gather-settings.ts';
import type { LoadResult } from '../../../core/loader/plugin-loader.ts';
import { gathersJson, readArchive } from '../../helpers/read-archive.ts';
import { fn, loaded, noKube } from '../../helpers/run-harness.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

function service(plugins: LoadResult) {
  return new GatherService({
    plugins,
    kubeSession: () => () => noKube,
    logger: pino({ level: 'silent' }),
    now: () => new Date('2026-11-24T12:00:00Z'),
    resolveService: () => ({ found: false }),
  });
}

const plugins: LoadResult = {
  plugins: [
    loaded('alpha', {
      ok: fn(() => [record({ name: 'alpha/ok', item: raw('1') })]),
      broken: fn(() => { throw new Error('nope'); }),
      hangs: fn(() => new Promise(() => undefined), { timeoutMs: 100 }),
    }, '2.0.0'),
    loaded('beta', { only: fn(async function* () { yield record({ name: 'beta/only', item: raw('2') }); }) }),
  ],
  failures: [{ directory: '/plugins/bad', name: 'bad', code: 'IO_PLUGIN_IMPORT_FAILED', reason: 'plugin folder /plugins/bad: importing the entry failed: boom' }],
};

describe('GatherService', () => {
  it('writes one archive with every record and a gathers.json that validates and tells everything', async () => {
    const storagePath = await tempDir();
    const outcome = await service(plugins).gather(resolveGatherSettings({}, { storagePath, disabled: ['beta/only', 'gamma'] }));
    expect(outcome.archivePath).toBe(`${storagePath}/insights-2026-11-24-120000.tar.gz`);
    const files = await readArchive(outcome.archivePath!);
    expect(files.map((f) => f.name)).toEqual(['alpha/ok', 'insights-operator/gathers.json']);
    const meta = gathersJson(files);
    // Each plugin's functions in declaration order, then its summary entry.
    expect(meta.status_reports.map((r) => r.name)).toEqual(['alpha/ok', 'alpha/broken', 'alpha/hangs', 'alpha', 'beta/only', 'beta']);
    const byName = new Map(meta.status_reports.map((r) => [r.name, r]));
    expect(byName.get('alpha/ok')).toMatchObject({ status: 'ok', records_count: 1, errors: null, warnings: null, panic: null });
    expect(byName.get('alpha/broken')).toMatchObject({ status: 'error', errors: ['nope'] });
    expect(byName.get('alpha/hangs')).toMatchObject({ status: 'timeout' });
    expect(byName.get('beta/only')).toMatchObject({ status: 'disabled', duration_in_ms: 0, records_count: 0 });
    expect(byName.get('alpha')).toMatchObject({
      status: 'error', version: '2.0.0', records_count: 1,
      errors: ['function "broken" failed with an error', 'function "hangs" timed out'],
    });
    expect(byName.get('beta')).toMatchObject({ status: 'disabled', version: '1.0.0' });
    expect(meta.plugin_failures).toEqual(plugins.failures);
    expect(meta.unknown_disabled_gatherers).toEqual(['gamma']);
    expect(meta.is_global_obfuscation_enabled).toBe(false);
    expect(meta.container_memory_bytes_usage).toBeGreaterThan(10 * 1024 * 1024);
    expect(meta.uptime_seconds).toBeGreaterThan(0);
    expect(await readdir(storagePath)).toEqual(['insights-2026-11-24-120000.tar.gz']);
  });

  it('runs a function enabled inside a disabled plugin', async () => {
    const storagePath = await tempDir();
    const settings = { ...resolveGatherSettings({}, { storagePath, disabled: ['alpha', 'beta'] }), enabledExceptions: ['alpha/ok'] };
    const outcome = await service(plugins).gather(settings);
    const statuses = Object.fromEntries(gathersJson(await readArchive(outcome.archivePath!)).status_reports.map((r) => [r.name, r.status]));
    expect(statuses).toMatchObject({ 'alpha/ok': 'ok', 'alpha/broken': 'disabled', 'alpha/hangs': 'disabled', 'beta/only': 'disabled' });
  });

  it('writes no archive and says so when "all" is disabled', async () => {
    const storagePath = await tempDir();
    const outcome = await service(plugins).gather(resolveGatherSettings({ disabledGatherers: ['all'] }, { storagePath }));
    expect(outcome.archivePath).toBeUndefined();
    expect(outcome.reason).toMatch(/gathering is disabled .*"all".* no archive was written/);
    expect(await readdir(storagePath)).toEqual([]);
  });

  it('fails with IO_NOTHING_SELECTED when every function is disabled one by one', async () => {
    const storagePath = await tempDir();
    await expect(service(plugins).gather(resolveGatherSettings({}, { storagePath, disabled: ['alpha', 'beta'] })))
      .rejects.toMatchObject({ code: 'IO_NOTHING_SELECTED' });
  });

  it('runs the reachability check before writing anything, and writes nothing when it fails', async () => {
    const storagePath = await tempDir();
    await expect(service(plugins).gather(resolveGatherSettings({}, { storagePath }), {
      beforeRun: () => Promise.reject(Object.assign(new Error('cannot reach the cluster'), { code: 'IO_CLUSTER_UNREACHABLE' })),
    })).rejects.toThrow('cannot reach the cluster');
    expect(await readdir(storagePath)).toEqual([]);
  });

  it('keeps the total of stored records under the size limit while metadata is always stored', async () => {
    const storagePath = await tempDir();
    const big: LoadResult = {
      plugins: [loaded('big', {
        small: fn(() => [record({ name: 'small', item: raw('s'.repeat(1000)) })]),
        huge: fn(() => [record({ name: 'huge', item: raw('h'.repeat(50 * 1024)) })]),
      })],
      failures: [],
    };
    const outcome = await service(big).gather(resolveGatherSettings({ gather: { maxArchiveBytes: 20 * 1024 } }, { storagePath, concurrency: 1 }));
    const files = await readArchive(outcome.archivePath!);
    expect(files.map((f) => f.name)).toEqual(['small', 'insights-operator/gathers.json']);
    const huge = gathersJson(files).status_reports.find((r) => r.name === 'big/huge');
    expect(huge?.errors?.[0]).toMatch(/^record huge\(size=51200\) exceeds the archive size limit 20480/);
  });
});
