import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_NODE_FLAGS } from '../../../core/cli/node-flags.ts';
import { startKubeSim } from '../../sim/kube/index.ts';
import type { KubeSim } from '../../sim/kube/index.ts';
import { gathersJson, readArchive } from '../../helpers/read-archive.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { useMonitoringStack } from '../../helpers/monitoring-stack.ts';
import { requireMonitoring } from '../../sim/monitoring/require-monitoring.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { pluginSource, writePlugin } from '../../helpers/write-plugin.ts';

const SAMPLE = new URL('../../../../shared/fixtures/insights-archive-sample/', import.meta.url).pathname;

let sim: KubeSim;
let simDir: string;
let kubeconfig: string;
beforeAll(async () => {
  sim = await startKubeSim({ fixture: 'sample' });
  simDir = await mkdtemp(join(tmpdir(), 'io-cli-'));
  kubeconfig = join(simDir, 'kubeconfig');
  await sim.writeKubeconfig(kubeconfig);
});
afterAll(async () => {
  await sim?.close();
  await rm(simDir, { recursive: true, force: true });
});

async function sampleFiles(dir: string): Promise<string[]> {
  return (await readdir(join(SAMPLE, dir))).filter((n) => n.endsWith('.json')).map((n) => `${dir}/${n}`);
}

const monitoring = requireMonitoring();

describe.skipIf(monitoring.skip)('insights-operator gather of every function, with a monitoring stack', () => {
  const stack = useMonitoringStack();
  it('writes an archive that matches the sample, lists only 0640 regular files, and prints its path last', async () => {
    const output = await tempDir();
    const result = await runCli(['gather', '--kubeconfig', kubeconfig, '--config', await stack.writeConfig(await tempDir()), '--output', output]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    const archive = lines.at(-1)!;
    expect(archive).toMatch(new RegExp(`^${output}/insights-\\d{4}-\\d{2}-\\d{2}-\\d{6}\\.tar\\.gz$`));
    expect(lines[0]).toMatch(/^FUNCTION\s+STATUS\s+DURATION\s+RECORDS$/);
    // The sample's two Node files, and the control-plane node its kubelet journal names.
    expect(result.stdout).toMatch(/clusterconfig\/nodes\s+ok\s+\S+\s+3\n/);

    const listing = execFileSync('tar', ['-tvzf', archive], { encoding: 'utf8' }).trimEnd().split('\n');
    for (const line of listing) expect(line).toMatch(/^-rw-r----- 0\/0 /);

    const files = await readArchive(archive);
    const names = new Set(files.map((f) => f.name));
    for (const name of names) expect(name).not.toMatch(/^\.\/|\/$/);
    const clusterId = JSON.parse(await readFile(join(SAMPLE, 'config/version.json'), 'utf8')).spec.clusterID;
    expect(files.find((f) => f.name === 'config/id')?.data.toString()).toBe(clusterId);
    const expected = ['config/version.json', ...(await sampleFiles('config/node')), ...(await sampleFiles('config/clusteroperator'))];
    expect(expected.length).toBeGreaterThan(30);
    for (const path of expected) expect(names, path).toContain(path);
    const meta = gathersJson(files);
    expect(meta.status_reports.find((r) => r.name === 'clusterconfig')).toMatchObject({ version: '0.1.0' });
    expect(meta.plugin_failures).toEqual([]);
  });

});

describe('insights-operator gather (a real process against the simulated cluster)', () => {
  it('loads a TypeScript plugin from --plugins-dir outside the repo, and reports a broken one without stopping', async () => {
    const plugins = await tempDir();
    await writePlugin(plugins, 'extra', { source: pluginSource('extra', ['hello']) });
    const broken = await writePlugin(plugins, 'broken', { source: `throw new Error('kaput');\n` });
    const output = await tempDir();
    const result = await runCli(['gather', '--kubeconfig', kubeconfig, '--output', output, '--plugins-dir', plugins, '--disable', 'clusterconfig']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`plugin skipped: plugin folder ${broken}: importing the entry failed: kaput`);
    const files = await readArchive(result.stdout.trimEnd().split('\n').at(-1)!);
    expect(JSON.parse(files.find((f) => f.name === 'test/extra/hello.json')!.data.toString())).toEqual({ fn: 'hello' });
    const meta = gathersJson(files);
    expect(meta.plugin_failures).toEqual([expect.objectContaining({ directory: broken, code: 'IO_PLUGIN_IMPORT_FAILED' })]);
    expect(meta.status_reports.find((r) => r.name === 'clusterconfig/nodes')?.status).toBe('disabled');
  });

  it('--disable all writes nothing and says so, with exit 3', async () => {
    const output = await tempDir();
    const result = await runCli(['gather', '--kubeconfig', kubeconfig, '--output', output, '--disable', 'all']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/gathering is disabled/);
    expect(await readdir(output)).toEqual([]);
  });

  it('reports unknown --disable names', async () => {
    const output = await tempDir();
    const result = await runCli(['gather', '--kubeconfig', kubeconfig, '--output', output, '--disable', 'clusterconfig/no_such_fn', '--disable', 'clusterconfig/container_images']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('warning: --disable/disabledGatherers "clusterconfig/no_such_fn" names no loaded plugin or function');
    const meta = gathersJson(await readArchive(result.stdout.trimEnd().split('\n').at(-1)!));
    expect(meta.unknown_disabled_gatherers).toEqual(['clusterconfig/no_such_fn']);
  });

  it('fails in one line, exit 1, with a kubeconfig that does not exist or is not one', async () => {
    const missing = await runCli(['gather', '--kubeconfig', '/nonexistent/kubeconfig', '--output', await tempDir()]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^insights-operator gather: kubeconfig \/nonexistent\/kubeconfig cannot be used: /);
    const junk = join(await tempDir(), 'junk');
    await writeFile(junk, 'clusters: [ {');
    const bad = await runCli(['gather', '--kubeconfig', junk, '--output', await tempDir()]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(new RegExp(`kubeconfig ${junk} cannot be used`));
  });

  it('fails in one line, exit 1, when the cluster is unreachable, and writes nothing', async () => {
    const dead = await startKubeSim({ fixture: 'sample' });
    const file = join(await tempDir(), 'kubeconfig');
    await dead.writeKubeconfig(file);
    const url = dead.url;
    await dead.close();
    const output = await tempDir();
    const result = await runCli(['gather', '--kubeconfig', file, '--output', output]);
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`cannot reach the cluster at ${url}`);
    expect(await readdir(output)).toEqual([]);
  });

  it('refuses a wrong token as unreachable-with-reason, not as an empty archive', async () => {
    const file = join(await tempDir(), 'kubeconfig');
    await writeFile(file, sim.kubeconfigYaml().replace(sim.token, 'wrong-token'));
    const result = await runCli(['gather', '--kubeconfig', file, '--output', await tempDir()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot reach the cluster at .*HTTP 401/);
  });

  it('is launched with the V8 flags of OPERATOR_NODE_FLAGS, through its shebang too', async () => {
    const shebang = (await readFile(new URL('../../../core/cli/main.ts', import.meta.url), 'utf8')).split('\n')[0];
    expect(shebang).toBe(`#!/usr/bin/env -S node ${OPERATOR_NODE_FLAGS.join(' ')}`);
  });

  it('answers --help and --version, and rejects unknown options with exit 2', async () => {
    const help = await runCli(['gather', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: insights-operator gather/);
    const top = await runCli(['--help']);
    expect(top.stdout).toMatch(/gather\s+gather once/);
    const version = await runCli(['gather', '--version']);
    expect(version.stdout).toMatch(/^insights-operator \d+\.\d+\.\d+\n$/);
    const bad = await runCli(['gather', '--frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown option '--frobnicate'/);
  });
});
