import { PLUGIN_API_VERSION } from '../../../plugin-api/version.ts';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_NODE_FLAGS } from '../../../core/cli/node-flags.ts';
import { loadPlugins } from '../../../core/loader/plugin-loader.ts';
import { startKubeSim } from '../../sim/kube/index.ts';
import type { KubeSim } from '../../sim/kube/index.ts';
import { gathersJson, readArchive } from '../../helpers/read-archive.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(REPO, 'core/cli/main.ts');
const FILES = ['config-maps.ts', 'index.ts', 'plugin.json', 'test/hello.test.ts'];

let sim: KubeSim;
let kubeconfig: string;
beforeAll(async () => {
  sim = await startKubeSim({ fixture: 'sample' });
  kubeconfig = join(await mkdtemp(join(tmpdir(), 'io-new-plugin-')), 'kubeconfig');
  await sim.writeKubeconfig(kubeconfig);
});
afterAll(async () => {
  await sim?.close();
  if (kubeconfig !== undefined) await rm(join(kubeconfig, '..'), { recursive: true, force: true });
});

/** Runs a process to the end in `cwd`, collecting its output. */
function run(command: string, args: readonly string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Plain output, so that vitest's summary line can be matched.
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...await listFiles(join(dir, entry.name), `${prefix}${entry.name}/`));
    else out.push(`${prefix}${entry.name}`);
  }
  return out.sort();
}

describe('insights-operator new-plugin', () => {
  it('writes a plugin folder that the real loader loads and a gather with --plugins-dir runs', async () => {
    const parent = await tempDir();
    const made = await runCli(['new-plugin', 'hello', '--dir', parent]);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(`created ${join(parent, 'hello')}/`);
    expect(made.stdout).toContain(`npx insights-operator gather --plugins-dir ${parent}`);
    expect(await listFiles(join(parent, 'hello'))).toEqual(FILES);
    expect(JSON.parse(await readFile(join(parent, 'hello', 'plugin.json'), 'utf8'))).toMatchObject({ name: 'hello', entry: 'index.ts', pluginApi: `^${PLUGIN_API_VERSION.split('.').slice(0, 2).join('.')}.0` });

    const { plugins, failures } = await loadPlugins({ extraDirs: [parent] });
    expect(failures).toEqual([]);
    const hello = plugins.find((p) => p.plugin.name === 'hello');
    expect(hello?.builtIn).toBe(false);
    expect(Object.keys(hello!.plugin.functions)).toEqual(['config_maps']);
    expect(hello!.plugin.functions.config_maps!.permissions).toEqual([{ resource: 'configmaps', verbs: ['list'], namespace: 'openshift-config' }]);

    const output = await tempDir();
    const gathered = await runCli(['gather', '--kubeconfig', kubeconfig, '--output', output, '--plugins-dir', parent, '--disable', 'clusterconfig']);
    expect(gathered.code).toBe(0);
    const files = await readArchive(gathered.stdout.trimEnd().split('\n').at(-1)!);
    const configMaps = sim.store.list('v1', 'ConfigMap', 'openshift-config');
    expect(configMaps.length).toBeGreaterThan(0);
    for (const cm of configMaps) {
      const name = cm.metadata?.name as string;
      const file = files.find((f) => f.name === `hello/configmaps/${name}.json`);
      expect(file, name).toBeDefined();
      const keys = [...Object.keys((cm as { data?: object }).data ?? {}), ...Object.keys((cm as { binaryData?: object }).binaryData ?? {})].sort();
      expect(JSON.parse(file!.data.toString())).toEqual({ name, keys });
    }
    expect(files.filter((f) => f.name.startsWith('hello/'))).toHaveLength(configMaps.length);
    expect(gathersJson(files).status_reports.find((r) => r.name === 'hello/config_maps')).toMatchObject({ status: 'ok', records_count: configMaps.length });
  });

  it('creates the folder in ./plugins-local by default, and prints the commands to run next', async () => {
    const cwd = await tempDir();
    const made = await run(process.execPath, [...OPERATOR_NODE_FLAGS, MAIN, 'new-plugin', 'hello'], cwd);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('created plugins-local/hello/');
    // Outside the repository: absolute paths, to be run from the repository.
    expect(made.stdout).toContain(`Next, from ${REPO.replace(/\/$/, '')}:`);
    expect(made.stdout).toContain(`npx vitest run --root ${join(cwd, 'plugins-local', 'hello')} --config ${join(REPO, 'vitest.config.ts')}`);
    expect(made.stdout).toContain(`npx insights-operator gather --plugins-dir ${join(cwd, 'plugins-local')} --kubeconfig FILE`);
    expect(await listFiles(join(cwd, 'plugins-local', 'hello'))).toEqual(FILES);
  });

  it('from the repository\'s root, prints the short commands CONTRIBUTING.md uses', async () => {
    // A unique name: plugins-local/ is where a developer's own plugins live.
    const name = `probe_${process.pid}_${Date.now()}`;
    const folder = join(REPO, 'plugins-local', name);
    try {
      const made = await run(process.execPath, [...OPERATOR_NODE_FLAGS, MAIN, 'new-plugin', name], REPO);
      expect(made.code).toBe(0);
      expect(made.stdout).toContain(`created plugins-local/${name}/\n`);
      expect(made.stdout).toContain(`Next:\n  npx vitest run plugins-local/${name}\n  npx insights-operator gather --plugins-dir plugins-local --kubeconfig FILE --output DIR\n`);
    } finally {
      await rm(folder, { recursive: true, force: true });
      // Only when empty: a developer's own plugins may live there.
      await rmdir(join(REPO, 'plugins-local')).catch(() => {});
    }
  });

  it('refuses an invalid name, a built-in plugin\'s name and an existing folder, writing nothing', async () => {
    const parent = await tempDir();
    // Independent runs, at once: each process loads the whole core.
    const [invalid, builtIn, noName, twoNames] = await Promise.all([
      runCli(['new-plugin', 'Bad-Name', '--dir', parent]),
      runCli(['new-plugin', 'clusterconfig', '--dir', parent]),
      runCli(['new-plugin']),
      runCli(['new-plugin', 'a', 'b']),
    ]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('plugin name "Bad-Name" cannot be used: the name "Bad-Name" must match');
    expect(builtIn.code).toBe(1);
    expect(builtIn.stderr).toContain('a built-in plugin has this name');
    expect(await readdir(parent)).toEqual([]);

    await mkdir(join(parent, 'taken'));
    await writeFile(join(parent, 'taken', 'index.ts'), 'mine');
    const exists = await runCli(['new-plugin', 'taken', '--dir', parent]);
    expect(exists.code).toBe(1);
    expect(exists.stderr).toContain(`${join(parent, 'taken')} already exists`);
    expect(await listFiles(join(parent, 'taken'))).toEqual(['index.ts']);
    expect(await readFile(join(parent, 'taken', 'index.ts'), 'utf8')).toBe('mine');

    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain('expected one plugin NAME, got 0');
    expect(twoNames.code).toBe(2);
  });

  it('writes a test that passes with vitest against the plugin test kit', async () => {
    // Inside the repository (.tmp is ignored by git) so that the test's `vitest` import resolves.
    await mkdir(join(REPO, '.tmp'), { recursive: true });
    const parent = await mkdtemp(join(REPO, '.tmp', 'new-plugin-'));
    try {
      expect((await runCli(['new-plugin', 'hello', '--dir', parent])).code).toBe(0);
      const vitest = join(REPO, 'node_modules', 'vitest', 'vitest.mjs');
      const result = await run(process.execPath, [vitest, 'run', '--root', join(parent, 'hello'), '--config', join(REPO, 'vitest.config.ts')], REPO);
      expect(result.stdout + result.stderr, 'the generated test').toMatch(/Tests\s+2 passed \(2\)/);
      expect(result.code).toBe(0);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
