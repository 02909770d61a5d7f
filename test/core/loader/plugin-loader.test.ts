import { describe, expect, it } from 'vitest';
import { loadPlugins } from '../../../core/loader/plugin-loader.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { pluginSource, writePlugin } from '../../helpers/write-plugin.ts';

async function emptyBuiltIns(): Promise<string> {
  return tempDir('io-builtin-');
}

describe('plugin loader', () => {
  it('loads a valid third-party plugin written in TypeScript', async () => {
    const extra = await tempDir();
    await writePlugin(extra, 'good', { source: pluginSource('good', ['alpha', 'beta']) });
    const result = await loadPlugins({ builtInDir: await emptyBuiltIns(), extraDirs: [extra] });
    expect(result.failures).toEqual([]);
    expect(result.plugins.map((p) => p.plugin.name)).toEqual(['good']);
    expect(Object.keys(result.plugins[0]!.plugin.functions)).toEqual(['alpha', 'beta']);
    expect(result.plugins[0]!.manifest.version).toBe('1.2.3');
    expect(result.plugins[0]!.builtIn).toBe(false);
  });

  it('loads the built-in clusterconfig plugin', async () => {
    const result = await loadPlugins();
    expect(result.failures).toEqual([]);
    expect(result.plugins.find((p) => p.plugin.name === 'clusterconfig')?.builtIn).toBe(true);
  });

  const broken: Array<[string, Parameters<typeof writePlugin>[2], RegExp, string]> = [
    ['no manifest', { manifest: null, source: pluginSource('x') }, /no plugin\.json/, 'IO_PLUGIN_MANIFEST_MISSING'],
    ['manifest not JSON', { manifest: '{ name: oops', source: pluginSource('x') }, /not JSON/, 'IO_PLUGIN_MANIFEST_INVALID'],
    ['manifest missing fields', { manifest: '{"name":"x"}', source: pluginSource('x') }, /must have required property 'version'/, 'IO_PLUGIN_MANIFEST_INVALID'],
    ['manifest bad name', { manifest: { name: 'Bad-Name' }, source: pluginSource('x') }, /\/name must match pattern/, 'IO_PLUGIN_MANIFEST_INVALID'],
    ['manifest unknown key', { manifest: { extra: 1 }, source: pluginSource('broken') }, /unknown property "extra"/, 'IO_PLUGIN_MANIFEST_INVALID'],
    ['entry escaping the folder', { manifest: { entry: '../evil.ts' }, source: pluginSource('broken') }, /\/entry must match pattern/, 'IO_PLUGIN_MANIFEST_INVALID'],
    ['entry that throws on import', { source: `throw new Error('boom at import');\n` }, /importing the entry failed: boom at import/, 'IO_PLUGIN_IMPORT_FAILED'],
    ['entry file missing', { manifest: { entry: 'missing.ts' } }, /importing the entry failed/, 'IO_PLUGIN_IMPORT_FAILED'],
    ['default export not from definePlugin', { source: `export default { name: 'broken', functions: {} };\n` }, /not made by definePlugin/, 'IO_PLUGIN_BAD_EXPORT'],
    ['no default export', { source: `export const plugin = 1;\n` }, /not made by definePlugin/, 'IO_PLUGIN_BAD_EXPORT'],
    ['name differs from manifest', { source: pluginSource('other') }, /names it "other" but plugin\.json says "broken"/, 'IO_PLUGIN_BAD_EXPORT'],
    ['API range not satisfied', { manifest: { pluginApi: '^2.0.0' }, source: `throw new Error('must not be imported');\n` }, /supports plugin API \^2\.0\.0, but this core implements 1\.2\.0/, 'IO_PLUGIN_API_MISMATCH'],
    ['API range not a range', { manifest: { pluginApi: 'banana' }, source: pluginSource('broken') }, /not a semver range/, 'IO_PLUGIN_MANIFEST_INVALID'],
    ['definePlugin rejecting a bad function name', {
      source: `import { definePlugin } from 'insights-operator/plugin-api';\nexport default definePlugin({ name: 'broken', functions: { 'Bad-Fn': {} as never } });\n`,
    }, /function name "Bad-Fn" must match/, 'IO_PLUGIN_IMPORT_FAILED'],
  ];

  it.each(broken)('skips a plugin with %s, names its folder, and still loads the others', async (_case, spec, reason, code) => {
    const extra = await tempDir();
    const dir = await writePlugin(extra, 'broken', spec);
    await writePlugin(extra, 'zgood', { source: pluginSource('zgood') });
    const result = await loadPlugins({ builtInDir: await emptyBuiltIns(), extraDirs: [extra] });
    expect(result.plugins.map((p) => p.plugin.name)).toEqual(['zgood']);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]!.directory).toBe(dir);
    expect(result.failures[0]!.code).toBe(code);
    expect(result.failures[0]!.reason).toContain(dir);
    expect(result.failures[0]!.reason).toMatch(reason);
  });

  it('refuses a second plugin with a name already taken, naming the first one', async () => {
    const a = await tempDir();
    const b = await tempDir();
    const first = await writePlugin(a, 'dup', { source: pluginSource('dup') });
    const second = await writePlugin(b, 'dup', { source: pluginSource('dup') });
    const result = await loadPlugins({ builtInDir: await emptyBuiltIns(), extraDirs: [a, b] });
    expect(result.plugins.map((p) => p.directory)).toEqual([first]);
    expect(result.failures).toEqual([
      expect.objectContaining({ directory: second, code: 'IO_PLUGIN_DUPLICATE', reason: expect.stringContaining(`already taken by ${first}`) }),
    ]);
  });

  it('refuses a third-party plugin that reuses a built-in name', async () => {
    const extra = await tempDir();
    await writePlugin(extra, 'clusterconfig', { source: pluginSource('clusterconfig') });
    const result = await loadPlugins({ extraDirs: [extra] });
    expect(result.plugins.filter((p) => p.plugin.name === 'clusterconfig')).toHaveLength(1);
    expect(result.plugins.find((p) => p.plugin.name === 'clusterconfig')?.builtIn).toBe(true);
    expect(result.failures.map((f) => f.code)).toEqual(['IO_PLUGIN_DUPLICATE']);
  });

  it('reports a plugins directory that does not exist', async () => {
    const result = await loadPlugins({ builtInDir: await emptyBuiltIns(), extraDirs: ['/nonexistent/plugins'] });
    expect(result.failures).toEqual([expect.objectContaining({ code: 'IO_PLUGINS_DIR_UNREADABLE', directory: '/nonexistent/plugins' })]);
  });
});
