import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Ajv2020 } from 'ajv/dist/2020.js';
import tar from 'tar-stream';
import { beforeAll, describe, expect, it } from 'vitest';
import gathersSchema from '../../../config/gathers.schema.json' with { type: 'json' };
import inspectSchema from '../../../config/inspect.schema.json' with { type: 'json' };
import type { InspectReport } from '../../../core/archive/inspect-report.ts';
import type { GathersMetadata } from '../../../core/metadata/gathers-metadata.ts';
import { gathersJson, readArchive } from '../../helpers/read-archive.ts';
import type { ArchiveFile } from '../../helpers/read-archive.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { useKubeSim } from '../../sim/kube/harness.ts';

const kube = await useKubeSim({ fixture: 'sample' });
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateGathers = ajv.compile(gathersSchema);
const validateInspect = ajv.compile(inspectSchema);

interface Gathered { path: string; files: ArchiveFile[]; meta: GathersMetadata }
/** Archives written by the real `gather` command; made once, read by every test. */
let plain: Gathered;
let obfuscated: Gathered;
let work: string;

/** Runs `gather` against the sample-seeded simulator and returns the archive with its entries. */
async function gather(dir: string, extra: string[]): Promise<Gathered> {
  const result = await runCli(['gather', '--kubeconfig', kube.kubeconfigPath, '--output', dir, ...extra], { timeoutMs: 120_000 });
  expect(result.code, result.stderr).toBe(0);
  const path = result.stdout.trim().split('\n').at(-1)!;
  const files = await readArchive(path);
  return { path, files, meta: gathersJson(files) };
}

beforeAll(async () => {
  // Not tempDir(): that one is emptied after each test, and these archives serve the whole file.
  work = join(kube.kubeconfigPath, '..', 'inspect');
  await mkdir(work, { recursive: true });
  // A failing API call and a disabled function, so that not every status is ok.
  const fault = kube.sim.faults.add({ method: 'GET', path: '/apis/config.openshift.io/v1/featuregates/cluster', status: 500, message: 'etcdserver: request timed out' });
  plain = await gather(join(work, 'plain'), ['--disable', 'workloads/helmchart_info']);
  fault.remove();
  const config = join(work, 'obfuscate.yaml');
  await writeFile(config, 'enableGlobalObfuscation: true\n');
  obfuscated = await gather(join(work, 'obfuscated'), ['--config', config]);
}, 240_000);

async function inspectJson(path: string): Promise<InspectReport> {
  const result = await runCli(['inspect', path, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as InspectReport;
}

/** The archive's regular files by size, largest first, ties by name: what the top-10 list must be. */
function largestOf(files: readonly ArchiveFile[]): { name: string; bytes: number }[] {
  return files.filter((f) => f.type === 'file').map((f) => ({ name: f.name, bytes: f.data.length }))
    .sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1)).slice(0, 10);
}

/** The rows of a table section of the text output: the lines after its title and header, up to a blank line. */
function section(text: string, title: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(title));
  expect(start, `section "${title}" in:\n${text}`).toBeGreaterThanOrEqual(0);
  const rows: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (line === '') break;
    rows.push(line);
  }
  return rows;
}

describe('insights-operator inspect', () => {
  it('--json validates: gathers against gathers.schema.json, the rest against inspect.schema.json, and matches the archive', async () => {
    const report = await inspectJson(plain.path);
    expect(validateInspect(report), JSON.stringify(validateInspect.errors)).toBe(true);
    expect(validateGathers(report.gathers), JSON.stringify(validateGathers.errors)).toBe(true);
    expect(report.gathers).toEqual(plain.meta);
    expect(report.problems).toEqual([]);

    const functions = plain.meta.status_reports.filter((r) => r.name.includes('/'));
    expect(report.functions.map((f) => [f.name, f.status, f.duration_in_ms, f.records_count]))
      .toEqual(functions.map((r) => [r.name, r.status, r.duration_in_ms, r.records_count]));
    expect(report.plugins.map((p) => [p.name, p.version, p.status])).toEqual(
      plain.meta.status_reports.filter((r) => !r.name.includes('/')).map((r) => [r.name, r.version, r.status]),
    );
    expect(report.records_count).toBe(functions.reduce((sum, r) => sum + r.records_count, 0));
    expect(Object.values(report.status_counts).reduce((a, b) => a + b, 0)).toBe(functions.length);
    expect(report.status_counts.disabled).toBeGreaterThanOrEqual(1);
    expect(report.status_counts.error).toBeGreaterThanOrEqual(1);

    const regular = plain.files.filter((f) => f.type === 'file');
    expect(report.files).toBe(regular.length);
    expect(report.bytes).toBe(plain.files.reduce((sum, f) => sum + f.data.length, 0));
    expect(report.compressed_bytes).toBe(readFileSync(plain.path).length);
    expect(report.largest_files).toEqual(largestOf(plain.files));
    expect(report.directories.reduce((sum, d) => sum + d.files, 0)).toBe(regular.length);

    const redactions = JSON.parse(plain.files.find((f) => f.name === 'insights-operator/redactions.json')!.data.toString()) as { total: number; redactions: { file: string }[] };
    expect(report.redactions).not.toBeNull();
    expect(report.redactions!.total).toBe(redactions.total);
    expect(report.redactions!.files).toBe(new Set(redactions.redactions.map((r) => r.file)).size);
    expect(report.obfuscation.networking).toBe(false);
  }, 60_000);

  it('prints every function with its status and records, why the failed and disabled ones did not succeed, and the largest files in order', async () => {
    const result = await runCli(['inspect', plain.path]);
    expect(result.code, result.stderr).toBe(0);
    const text = result.stdout;
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(text).toContain(`Archive    ${plain.path}`);

    const rows = section(text, 'Status per function').map((l) => l.trim().split(/\s+/));
    const functions = plain.meta.status_reports.filter((r) => r.name.includes('/')).sort((a, b) => a.name.localeCompare(b.name));
    expect(rows.map((c) => [c[0], c[1], Number(c[3])])).toEqual(functions.map((r) => [r.name, r.status, r.records_count]));

    const why = text.slice(text.indexOf('Why functions did not succeed')).split('\n\n')[0]!.replace(/\s+/g, ' ');
    for (const r of functions.filter((f) => f.status !== 'ok')) {
      expect(why).toContain(`${r.name} (${r.status}):`);
      if (r.status === 'error') expect(why).toContain(r.errors![0]!.replace(/\s+/g, ' ').slice(0, 60));
    }
    expect(why).toContain('workloads/helmchart_info (disabled)');

    const largest = section(text, 'Largest files').map((l) => l.trim().split(/\s{2,}/));
    const expected = largestOf(plain.files);
    expect(largest).toHaveLength(expected.length);
    largest.forEach(([, name], i) => {
      const want = expected[i]!.name;
      // Long names are shortened with an ellipsis to fit 100 columns.
      if (name!.endsWith('…')) expect(want.startsWith(name!.slice(0, -1)), `${name} vs ${want}`).toBe(true);
      else expect(name).toBe(want);
    });

    const slowest = section(text, 'Slowest functions').map((l) => l.trim().split(/\s+/)[1]);
    const bySpeed = [...functions].filter((f) => f.duration_in_ms > 0)
      .sort((a, b) => b.duration_in_ms - a.duration_in_ms || a.name.localeCompare(b.name)).slice(0, 10).map((f) => f.name);
    expect(slowest).toEqual(bySpeed);
    expect(text).toMatch(/networking {6}off/);
    expect(text).toMatch(/Redactions \(insights-operator\/redactions\.json\)\n {2}(nothing masked|\d+ values? masked in \d+ files? by \d+ rules?)/);
  }, 60_000);

  it('reports networking obfuscation from gathers.json', async () => {
    expect(obfuscated.meta.is_global_obfuscation_enabled).toBe(true);
    const report = await inspectJson(obfuscated.path);
    expect(validateInspect(report), JSON.stringify(validateInspect.errors)).toBe(true);
    expect(report.obfuscation.networking).toBe(true);
    const text = (await runCli(['inspect', obfuscated.path])).stdout;
    expect(text).toMatch(/networking {6}on \(gathers\.json is_global_obfuscation_enabled\)/);
  }, 60_000);

  it('reads an archive of the original operator, listing where its gathers.json differs from ours', async () => {
    const fixture = readFileSync('../shared/fixtures/insights-archive-sample/insights-operator/gathers.json', 'utf8');
    const path = join(await tempDir(), 'original.tar.gz');
    await writeFile(path, gzipSync(await tarOf({ 'insights-operator/gathers.json': fixture, 'config/id': 'x' })));
    const report = await inspectJson(path);
    expect(validateInspect(report), JSON.stringify(validateInspect.errors)).toBe(true);
    expect(report.problems.join('\n')).toMatch(/gathers\.json does not match config\/gathers\.schema\.json/);
    expect(report.redactions).toBeNull();
    expect(report.obfuscation.workload_names).toBe('unknown');
    // Without a status field, a function with errors is an error and one without is ok.
    const original = (JSON.parse(fixture) as { status_reports: { name: string; errors: string[] | null; panic: unknown }[] }).status_reports
      .filter((r) => r.name.includes('/'));
    expect(report.functions.map((f) => f.status)).toEqual(original.map((r) => (r.panic !== null ? 'panic' : (r.errors ?? []).length > 0 ? 'error' : 'ok')));
    const text = (await runCli(['inspect', path])).stdout;
    expect(text).toContain('no redaction report');
    expect(text).toMatch(/Problems\n {2}insights-operator\/gathers\.json does not match/);
  }, 60_000);

  describe('refuses, with exit code 2 and a message naming the file and the problem', () => {
    it.each([
      ['a missing file', async (dir: string) => join(dir, 'nope.tar.gz'), /archive .*nope\.tar\.gz cannot be read: no such file/],
      ['a directory', async (dir: string) => dir, /archive .* cannot be read: it is not a regular file/],
      ['a text file', async (dir: string) => {
        const p = join(dir, 'notes.txt');
        await writeFile(p, 'not an archive\n');
        return p;
      }, /notes\.txt is not an Insights archive: it is not a readable tar\.gz/],
      ['an empty file', async (dir: string) => {
        const p = join(dir, 'empty.tar.gz');
        await writeFile(p, '');
        return p;
      }, /empty\.tar\.gz is not an Insights archive/],
      ['a tar.gz without gathers.json', async (dir: string) => {
        const p = join(dir, 'bare.tar.gz');
        await writeFile(p, gzipSync(await tarOf({ 'config/id': 'abc' })));
        return p;
      }, /archive .*bare\.tar\.gz has no usable insights-operator\/gathers\.json: the archive does not contain it/],
      ['a gathers.json that is not JSON', async (dir: string) => {
        const p = join(dir, 'broken.tar.gz');
        await writeFile(p, gzipSync(await tarOf({ 'insights-operator/gathers.json': '{nope' })));
        return p;
      }, /broken\.tar\.gz has no usable insights-operator\/gathers\.json: it is not JSON/],
    ])('%s', async (_name, make, message) => {
      const path = await make(await tempDir());
      for (const args of [[path], [path, '--json']]) {
        const result = await runCli(['inspect', ...args]);
        expect(result.code).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(message);
      }
    }, 60_000);

    it('no ARCHIVE at all', async () => {
      const result = await runCli(['inspect']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/ARCHIVE is missing/);
    });
  });
});

async function tarOf(entries: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, text] of Object.entries(entries)) pack.entry({ name }, text);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
