import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { obfuscateCommand } from '../../../core/cli/commands/obfuscate.ts';
import { hostMask, networkContains, parseCidr, parseIpv4 } from '../../../core/protect/ip-address.ts';
import { defaultObfuscatedPath } from '../../../core/protect/obfuscate-archive.ts';
import { readArchive } from '../../helpers/read-archive.ts';
import type { ArchiveFile } from '../../helpers/read-archive.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const SAMPLE = new URL('../../../../shared/fixtures/insights-archive-sample/', import.meta.url).pathname;
const BASE_DOMAIN = 'imeixner20210707.lab.upshift.rdu2.redhat.com';
const KNOWN = ['10.128.0.0/14', '172.30.0.0/16', '10.0.0.0/16', '192.168.64.0/18', '127.0.0.0/8'].map((c) => parseCidr(c)!);
const ADDRESS = /(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,3}))?(?!\.?\d)/g;

/** Plain addresses (not network CIDRs) in a text, with the known network holding each. */
function addresses(text: string): Array<{ address: string; offset: bigint; network: string | undefined }> {
  const found: Array<{ address: string; offset: bigint; network: string | undefined }> = [];
  for (const m of text.matchAll(ADDRESS)) {
    const value = parseIpv4(m[1]!);
    if (value === undefined) continue;
    const v = BigInt(value);
    if (m[2] !== undefined && Number(m[2]) < 32 && (v & hostMask(4, Number(m[2]))) === 0n) continue;
    const network = KNOWN.find((n) => networkContains(n, 4, v));
    found.push({ address: m[1]!, offset: network === undefined ? v : v - network.base, network: network?.key });
  }
  return found;
}

const texts = (files: ArchiveFile[]) => files.flatMap((f) => [f.name, f.data.toString('latin1')]);

let output: string[];
beforeEach(() => {
  output = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    output.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    output.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function sampleArchive(): Promise<string> {
  const dir = await tempDir();
  const archive = join(dir, 'insights-2021-07-07-110252.tar.gz');
  execFileSync('tar', ['-czf', archive, '-C', SAMPLE, ...readdirSync(SAMPLE)]);
  return archive;
}

describe('insights-operator obfuscate', () => {
  it('obfuscates the sample archive: no base domain, no API host, every known-network address renumbered, the rest 0.0.0.0', async () => {
    const archive = await sampleArchive();
    expect(await obfuscateCommand.run([archive])).toBe(0);
    const target = defaultObfuscatedPath(archive);
    expect(target).toMatch(/insights-2021-07-07-110252-obfuscated\.tar\.gz$/);
    const printed = output.filter((chunk) => chunk !== '');
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^.*-obfuscated\.tar\.gz: \d+ entries, \d+ changed, \d+ renamed; \d+ addresses and \d+ domain names replaced; known networks .*10\.128\.0\.0\/14.*; base domain found, API host found\n$/);

    const before = await readArchive(archive);
    const after = await readArchive(target);
    expect(after.map((f) => f.type)).toEqual(before.map((f) => f.type));
    expect(after).toHaveLength(before.length);

    const beforeText = texts(before).join('\n');
    expect(beforeText).toContain(BASE_DOMAIN);
    const afterTexts = texts(after);
    for (const text of afterTexts) {
      expect(text).not.toContain(BASE_DOMAIN);
      expect(text).not.toContain(`api.${BASE_DOMAIN}`);
    }
    expect(after.some((f) => f.name.includes('<CLUSTER_BASE_DOMAIN>'))).toBe(true);
    expect(after.every((f) => f.name.replace(/\/$/, '').split('/').every((s) => s !== '' && s !== '.' && s !== '..'))).toBe(true);

    // Renumbering hands out offsets 1, 2, 3…: an address of a known network in the output has an offset
    // no larger than the number of distinct addresses the input had in that network.
    const distinct = new Map<string, Set<string>>();
    for (const a of addresses(beforeText)) if (a.network !== undefined) distinct.set(a.network, (distinct.get(a.network) ?? new Set()).add(a.address));
    const tell = [...distinct.values()].reduce((n, s) => n + s.size, 0);
    expect(tell).toBeGreaterThan(20);
    const highOriginals = addresses(beforeText).filter((a) => a.network !== undefined && a.offset > BigInt(distinct.get(a.network)!.size));
    expect(highOriginals.length).toBeGreaterThan(0);
    const externalOriginals = addresses(beforeText).filter((a) => a.network === undefined && a.address !== '0.0.0.0');
    expect(externalOriginals.length).toBeGreaterThan(0);
    for (const a of addresses(afterTexts.join('\n'))) {
      if (a.network === undefined) expect(a.address).toBe('0.0.0.0');
      else expect(a.offset, a.address).toBeLessThanOrEqual(BigInt(distinct.get(a.network)!.size));
    }

    const gathers = JSON.parse(after.find((f) => f.name === 'insights-operator/gathers.json')!.data.toString()) as Record<string, unknown>;
    expect(gathers['is_global_obfuscation_enabled']).toBe(true);
    // Files without addresses or domains are byte-identical.
    const untouched = before.find((f) => f.name === 'config/featuregate.json')!;
    expect(after.find((f) => f.name === 'config/featuregate.json')!.data.equals(untouched.data)).toBe(true);
  });

  it('never overwrites: an existing output is refused and left as it was', async () => {
    const archive = await sampleArchive();
    const target = join(archive, '..', 'taken.tar.gz');
    await writeFile(target, 'keep me');
    await expect(obfuscateCommand.run([archive, '--output', target])).rejects.toMatchObject({ code: 'IO_OBFUSCATE_OUTPUT_EXISTS' });
    expect(await readFile(target, 'utf8')).toBe('keep me');
    await expect(obfuscateCommand.run([archive, '--output', archive])).rejects.toMatchObject({ code: 'IO_OBFUSCATE_OUTPUT_EXISTS' });
    expect(readdirSync(join(archive, '..')).sort()).toEqual(['insights-2021-07-07-110252.tar.gz', 'taken.tar.gz']);
  });

  it('refuses an input that is not a tar.gz, leaving no output behind', async () => {
    const dir = await tempDir();
    const bogus = join(dir, 'bogus.tar.gz');
    await writeFile(bogus, 'not gzip');
    await expect(obfuscateCommand.run([bogus])).rejects.toMatchObject({ code: 'IO_OBFUSCATE_INPUT' });
    expect(readdirSync(dir)).toEqual(['bogus.tar.gz']);
  });

  it('wants exactly one archive', async () => {
    await expect(obfuscateCommand.run([])).rejects.toThrow('ARCHIVE is missing');
    await expect(obfuscateCommand.run(['a.tar.gz', 'b.tar.gz'])).rejects.toThrow('one ARCHIVE expected');
  });

  it('is a command of the binary', async () => {
    vi.restoreAllMocks();
    const archive = await sampleArchive();
    const target = join(archive, '..', 'out.tar.gz');
    const result = await runCli(['obfuscate', archive, '--output', target]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^.*out\.tar\.gz: \d+ entries/);
    expect((await stat(target)).size).toBeGreaterThan(0);
  });
});
