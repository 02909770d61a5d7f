import { readdir } from 'node:fs/promises';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { raw, record } from '../../../plugin-api/index.ts';
import { GatherService } from '../../../core/gather/gather-service.ts';
import type { ProtectionFactory } from '../../../core/gather/gather-service.ts';
import { resolveGatherSettings } from '../../../core/gather/gather-settings.ts';
import type { GatherSettings } from '../../../core/gather/gather-settings.ts';
import type { LoadResult } from '../../../core/loader/plugin-loader.ts';
import { gathersJson, readArchive } from '../../helpers/read-archive.ts';
import { fn, loaded, noKube } from '../../helpers/run-harness.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const plugins: LoadResult = {
  plugins: [loaded('alpha', { one: fn(() => [record({ name: 'alpha/host-10.0.0.1', item: raw('address 10.0.0.1') })]) })],
  failures: [],
};

function service(protection?: ProtectionFactory) {
  return new GatherService({
    plugins,
    kubeSession: () => () => noKube,
    logger: pino({ level: 'silent' }),
    now: () => new Date('2026-11-24T12:00:00Z'),
    resolveService: () => ({ found: false }),
    ...(protection === undefined ? {} : { protection }),
  });
}

/** A stand-in protection: hides `10.0.0.1` in names and contents, appends a report. */
function fakeProtection(seen: GatherSettings[], transformed: string[]): ProtectionFactory {
  return async (settings) => {
    seen.push(settings);
    return {
      obfuscationEnabled: settings.obfuscation.networking,
      transform: (entry) => {
        transformed.push(entry.name);
        return { name: entry.name.replaceAll('10.0.0.1', 'HOST'), data: Buffer.from(entry.data.toString('latin1').replaceAll('10.0.0.1', 'HOST'), 'latin1') };
      },
      finish: async () => [{ name: 'insights-operator/redactions.json', data: Buffer.from('{"redactions":[],"total":0}') }],
    };
  };
}

describe('GatherService with data protection', () => {
  it('builds one protection per gather from its settings, applies it to every record, appends finish() before gathers.json', async () => {
    const seen: GatherSettings[] = [];
    const transformed: string[] = [];
    const settings = { ...resolveGatherSettings({ enableGlobalObfuscation: true }, { storagePath: await tempDir() }) };
    const outcome = await service(fakeProtection(seen, transformed)).gather(settings);
    expect(seen).toEqual([settings]);
    const files = await readArchive(outcome.archivePath!);
    expect(files.map((f) => f.name)).toEqual(['alpha/host-HOST', 'insights-operator/redactions.json', 'insights-operator/gathers.json']);
    expect(files[0]!.data.toString()).toBe('address HOST');
    expect(gathersJson(files).is_global_obfuscation_enabled).toBe(true);
    // gathers.json goes through the transform too (its messages can name hosts); the appended report does as well.
    expect(transformed).toEqual(['alpha/host-10.0.0.1', 'insights-operator/redactions.json', 'insights-operator/gathers.json']);
  });

  it('says is_global_obfuscation_enabled from the protection, not from what was asked', async () => {
    const storagePath = await tempDir();
    const asked = resolveGatherSettings({ enableGlobalObfuscation: true }, { storagePath });
    // Without protection nothing is obfuscated, whatever the settings say; records are written as produced.
    const bare = await service().gather(asked);
    const files = await readArchive(bare.archivePath!);
    expect(files.map((f) => f.name)).toEqual(['alpha/host-10.0.0.1', 'insights-operator/gathers.json']);
    expect(gathersJson(files).is_global_obfuscation_enabled).toBe(false);
    const off = await service(fakeProtection([], [])).gather(resolveGatherSettings({}, { storagePath: await tempDir() }));
    expect(gathersJson(await readArchive(off.archivePath!)).is_global_obfuscation_enabled).toBe(false);
  });

  it('writes nothing when protection cannot be set up: no record leaves unprotected', async () => {
    const storagePath = await tempDir();
    const failing: ProtectionFactory = () => Promise.reject(new Error('no protection today'));
    await expect(service(failing).gather(resolveGatherSettings({}, { storagePath }))).rejects.toThrow('no protection today');
    expect(await readdir(storagePath)).toEqual([]);
  });

  it('does not build protection when there is nothing to gather', async () => {
    const seen: GatherSettings[] = [];
    const outcome = await service(fakeProtection(seen, [])).gather(resolveGatherSettings({ disabledGatherers: ['all'] }, { storagePath: await tempDir() }));
    expect(outcome.archivePath).toBeUndefined();
    expect(seen).toEqual([]);
  });
});
