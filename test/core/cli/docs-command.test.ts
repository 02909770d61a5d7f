import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS_COMMAND, renderGatheredData } from '../../../core/docs/gathered-data.ts';
import type { LoadedPlugin } from '../../../core/loader/loaded-plugin.ts';
import { loadPlugins } from '../../../core/loader/plugin-loader.ts';
import { defineGatheringFunction } from '../../../plugin-api/define-gathering-function.ts';
import { definePlugin } from '../../../plugin-api/define-plugin.ts';
import { coreServices } from '../../../plugin-api/service-ref.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { pluginSource, writePlugin } from '../../helpers/write-plugin.ts';

const COMMITTED = new URL('../../../docs/gathered-data.md', import.meta.url).pathname;

function loaded(plugin: LoadedPlugin['plugin'], builtIn = false): LoadedPlugin {
  return { plugin, builtIn, directory: `/somewhere/${plugin.name}`, manifest: { name: plugin.name, version: '2.0.0', pluginApi: '^1.0.0', entry: 'index.ts', description: 'An example.' } };
}

const sample = definePlugin({
  name: 'sample',
  period: '12h',
  functions: {
    zeta: defineGatheringFunction({
      description: 'Reads nothing.',
      paths: ['sample/zeta.json'],
      permissions: [],
      gather: () => [],
    }),
    alpha: defineGatheringFunction({
      description: 'Reads a | piped name.',
      paths: ['sample/{namespace}/{name}.json', 'sample/summary.json'],
      permissions: [
        { resource: 'secrets', verbs: ['get'], namespace: 'openshift-config', resourceNames: ['support', 'a|b'] },
        { group: 'config.openshift.io', resource: 'clusterversions', verbs: ['get', 'list'] },
      ],
      services: { clock: coreServices.clock },
      timeoutMs: 90_000,
      gather: () => [],
    }),
  },
});

describe('docs/gathered-data.md', () => {
  it('is up to date with the built-in plugins\' declarations', async () => {
    const { plugins, failures } = await loadPlugins();
    expect(failures).toEqual([]);
    const committed = await readFile(COMMITTED, 'utf8').catch(() => '(missing)');
    expect(committed, `docs/gathered-data.md is stale: run \`${DOCS_COMMAND}\` and commit the result`).toBe(renderGatheredData(plugins));
  });

  it('documents every built-in function with each of its paths, its timeout and each permission', async () => {
    const { plugins } = await loadPlugins();
    const text = renderGatheredData(plugins);
    for (const { plugin } of plugins) {
      for (const [name, fn] of Object.entries(plugin.functions)) {
        const section = text.split(`### ${plugin.name}/${name}\n`)[1]?.split('\n### ')[0];
        expect(section, `${plugin.name}/${name}`).toBeDefined();
        expect(section).toContain(fn.description);
        for (const path of fn.paths) expect(section).toContain(`- \`${path}\``);
        for (const p of fn.permissions) expect(section).toContain(`| ${p.resource} | ${p.verbs.join(', ')} |`);
      }
    }
  });
});

describe('renderGatheredData', () => {
  it('renders period, version, origin, description, timeout, services, paths and permissions', () => {
    const text = renderGatheredData([loaded(sample)]);
    expect(text).toContain('| [sample](#sample) | 2.0.0 | plugins directory | at most every 12h | 2 |');
    expect(text).toContain('## sample\n\nAn example.\n\nVersion 2.0.0 · plugins directory · at most every 12h · plugin API ^1.0.0\n');
    expect(text).toContain([
      '### sample/alpha',
      '',
      'Reads a | piped name.',
      '',
      '- Timeout: 1m30s (declared)',
      '- Services: `core.clock`',
      '',
      'Archive paths:',
      '',
      '- `sample/{namespace}/{name}.json`',
      '- `sample/summary.json`',
      '',
      'Permissions:',
      '',
      '| API group | Resource | Verbs | Namespace | Resource names |',
      '|---|---|---|---|---|',
      '| (core) | secrets | get | openshift-config | support, a\\|b |',
      '| config.openshift.io | clusterversions | get, list | all (cluster-wide) | any |',
      '',
      '### sample/zeta',
      '',
      'Reads nothing.',
      '',
      '- Timeout: 5m (the operator\'s default)',
      '',
      'Archive paths:',
      '',
      '- `sample/zeta.json`',
      '',
      'Permissions: none (reads nothing from the Kubernetes API).',
      '',
    ].join('\n'));
    // The folder differs between machines: it must not make the document unstable.
    expect(text).not.toContain('/somewhere');
  });

  it('is the same whatever order the plugins were loaded in', () => {
    const other = definePlugin({ name: 'another', functions: {} });
    expect(renderGatheredData([loaded(sample), loaded(other, true)])).toBe(renderGatheredData([loaded(other, true), loaded(sample)]));
    expect(renderGatheredData([loaded(other, true), loaded(sample)]).indexOf('## another')).toBeLessThan(renderGatheredData([loaded(sample), loaded(other, true)]).indexOf('## sample'));
  });
});

describe('insights-operator docs', () => {
  it('writes the document with --plugins-dir plugins, then --check passes, and fails once the file is stale or missing', async () => {
    const dir = await tempDir();
    const plugins = await tempDir();
    await writePlugin(plugins, 'extra', { source: pluginSource('extra', ['hello']) });
    const output = join(dir, 'out', 'gathered-data.md');

    const written = await runCli(['docs', '--output', output, '--plugins-dir', plugins]);
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    expect(written.stdout.trim()).toBe(output);
    const text = await readFile(output, 'utf8');
    expect(text).toContain('### extra/hello\n\ntest function hello\n');
    expect(text).toContain('- `test/extra/hello.json`');
    expect(text).toContain('### clusterconfig/nodes');

    const fresh = await runCli(['docs', '--check', '--output', output, '--plugins-dir', plugins]);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain('is up to date');

    // Without the plugins directory the document would differ: it is stale for that command line.
    const without = await runCli(['docs', '--check', '--output', output]);
    expect(without.code).toBe(1);
    expect(without.stderr).toContain(`${output} is stale: run \`npx insights-operator docs --output ${output}\``);

    await writeFile(output, text.replace('test function hello', 'edited by hand'));
    const stale = await runCli(['docs', '--check', '--output', output, '--plugins-dir', plugins]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('is stale: run `npx insights-operator docs');
    expect(await readFile(output, 'utf8')).toContain('edited by hand');

    const missing = await runCli(['docs', '--check', '--output', join(dir, 'none.md')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('none.md is missing');
  });

  it('refuses to write when a plugin does not load, since the document would leave it out', async () => {
    const dir = await tempDir();
    const plugins = await tempDir();
    await writePlugin(plugins, 'broken', { source: `throw new Error('kaput');\n` });
    const output = join(dir, 'gathered-data.md');
    const result = await runCli(['docs', '--output', output, '--plugins-dir', plugins]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('1 plugin(s) could not be loaded');
    expect(result.stderr).toContain('kaput');
    await expect(readFile(output)).rejects.toThrow(/ENOENT/);
  });

  it('rejects an unknown option with exit 2', async () => {
    const result = await runCli(['docs', '--nope']);
    expect(result.code).toBe(2);
  });
});
