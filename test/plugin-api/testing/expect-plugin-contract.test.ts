import { describe, expect, it } from 'vitest';
import { defineGatheringFunction, definePlugin, json, record } from 'insights-operator/plugin-api';
import { checkPluginContract, expectPluginContract, formatFailure } from 'insights-operator/plugin-api/testing';
import { tempDir } from '../../helpers/temp-dir.ts';
import { writePlugin } from '../../helpers/write-plugin.ts';
import { configMapsFunction, goodPlugin, goodPluginSource, KIT_NS, KIT_OBJECTS, stampFunction } from './kit-plugins.ts';

/** The failure lines of the contract, for one plugin. */
async function problems(...args: Parameters<typeof checkPluginContract>): Promise<string[]> {
  return (await checkPluginContract(...args)).failures.map(formatFailure);
}

describe('expectPluginContract: a correct plugin', () => {
  it('passes, in memory and from its folder', async () => {
    await expect(expectPluginContract(goodPlugin(), { objects: KIT_OBJECTS })).resolves.toBeUndefined();
    const folder = await writePlugin(await tempDir(), 'kit_folder_good', { source: goodPluginSource('kit_folder_good') });
    expect(await problems(folder, { objects: KIT_OBJECTS })).toEqual([]);
  });
});

describe('expectPluginContract: each planted mistake is reported as <plugin>/<function>: <reason>', () => {
  it('a function name written twice in the entry', async () => {
    const source = goodPluginSource('kit_dup', `{
    config_maps: configMaps,
    // the second one silently replaces the first
    'config_maps': other,
    other,
  }`);
    const folder = await writePlugin(await tempDir(), 'kit_dup', { source });
    const found = await problems(folder);
    expect(found).toContainEqual(expect.stringMatching(/^kit_dup\/config_maps: the function name "config_maps" is written twice/));
    expect(found.filter((p) => p.includes('written twice'))).toHaveLength(1);
  });

  it('a plugin name colliding with a built-in plugin', async () => {
    const plugin = definePlugin({ name: 'clusterconfig', functions: { stamp: stampFunction() } });
    expect(await problems(plugin)).toEqual(['clusterconfig/*: plugin name "clusterconfig" is taken by a built-in plugin; the loader would refuse it next to the built-ins']);
  });

  it('a record under no declared path', async () => {
    const plugin = definePlugin({ name: 'kit_undeclared', functions: { config_maps: configMapsFunction({ paths: ['kit/elsewhere/{name}.json'] }) } });
    const found = await problems(plugin, { objects: KIT_OBJECTS });
    expect(found).toContain(`kit_undeclared/config_maps: record "kit/configmaps/${KIT_NS}/alpha.json" is not declared in paths ("kit/elsewhere/{name}.json")`);
    expect(found).toHaveLength(2);
  });

  it('an absolute or ".." path, declared or written', async () => {
    const plugin = definePlugin({
      name: 'kit_escape',
      functions: {
        absolute: defineGatheringFunction({ description: 'Absolute', paths: ['/etc/kit.json'], permissions: [], gather: () => [] }),
        up: defineGatheringFunction({
          description: 'Climbs out', paths: ['../kit/up.json'], permissions: [],
          gather: () => [record({ name: '../kit/up', item: json({}) })],
        }),
      },
    });
    const found = await problems(plugin);
    expect(found).toContain('kit_escape/absolute: declared path "/etc/kit.json" is absolute; archive paths are relative');
    expect(found).toContain('kit_escape/up: declared path "../kit/up.json" contains ".."');
    expect(found).toContainEqual(expect.stringMatching(/^kit_escape\/up: record\(\) refused a path: record name "..\/kit\/up" must not contain "." or ".." segments/));
  });

  it('a Kubernetes request the declared permissions do not cover', async () => {
    const plugin = definePlugin({
      name: 'kit_rbac',
      functions: { config_maps: configMapsFunction({ permissions: [{ resource: 'configmaps', verbs: ['get'], namespace: KIT_NS }] }) },
    });
    expect(await problems(plugin, { objects: KIT_OBJECTS })).toEqual([
      `kit_rbac/config_maps: makes a request its declared permissions do not cover (403): list configmaps in namespace ${KIT_NS}`,
    ]);
  });

  it('a Secret value leaked into a record (the kit\'s canaries and the author\'s own Secrets)', async () => {
    const ownSecret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'app', namespace: KIT_NS }, data: { apiKey: Buffer.from('own-secret-value-123').toString('base64') } };
    const plugin = definePlugin({
      name: 'kit_leak',
      functions: {
        secrets: defineGatheringFunction({
          description: 'Dumps Secrets, decoded',
          paths: ['kit/secrets/{name}.json'],
          permissions: [{ resource: 'secrets', verbs: ['list'], namespace: KIT_NS }],
          async *gather(ctx) {
            for await (const s of ctx.kube.list({ apiVersion: 'v1', kind: 'Secret' }, { namespace: KIT_NS })) {
              const data = s['data'] as Record<string, string>;
              const decoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
              yield record({ name: `kit/secrets/${s.metadata?.name}`, item: json(decoded) });
            }
          },
        }),
      },
    });
    const found = await problems(plugin, { objects: [...KIT_OBJECTS, ownSecret] });
    expect(found).toContain(`kit_leak/secrets: record "kit/secrets/app.json" holds a secret value (Secret ${KIT_NS}/app key apiKey)`);
    expect(found).toContainEqual(expect.stringMatching(new RegExp(`^kit_leak/secrets: record "kit/secrets/plugin-kit-canary.json" holds a secret value \\(Secret ${KIT_NS}/plugin-kit-canary key`)));
  });

  it('a throw on an empty cluster', async () => {
    const plugin = definePlugin({
      name: 'kit_fragile',
      functions: {
        first: defineGatheringFunction({
          description: 'Assumes its object exists', paths: ['kit/first.json'], permissions: [{ resource: 'configmaps', verbs: ['get'], namespace: KIT_NS }],
          async gather(ctx) {
            const cm = await ctx.kube.get({ apiVersion: 'v1', kind: 'ConfigMap' }, 'alpha', KIT_NS);
            if (cm === undefined) throw new Error('configmap alpha is missing');
            return [record({ name: 'kit/first', item: json(cm['data']) })];
          },
        }),
      },
    });
    // Given its object it passes; the kit still runs it on an empty cluster, where it throws.
    expect(await problems(plugin, { objects: KIT_OBJECTS })).toEqual([
      'kit_fragile/first: did not complete on an empty cluster (its resources absent: 404): ended "error": configmap alpha is missing',
    ]);
  });

  it('a record whose marshaller gives another extension than its declared path', async () => {
    const plugin = definePlugin({
      name: 'kit_ext',
      functions: {
        yaml: defineGatheringFunction({
          description: 'Declares YAML, writes JSON', paths: ['kit/settings.yaml'], permissions: [],
          gather: () => [record({ name: 'kit/settings', item: json({ a: 1 }) })],
        }),
        doubled: defineGatheringFunction({
          description: 'Names its record with the extension', paths: ['kit/{name}.json'], permissions: [],
          gather: () => [record({ name: 'kit/doubled.json', item: json({ a: 1 }) })],
        }),
      },
    });
    expect(await problems(plugin)).toEqual([
      'kit_ext/yaml: record "kit/settings.json": its marshaller gives ".json" but the declared path "kit/settings.yaml" ends in ".yaml"',
      'kit_ext/doubled: record "kit/doubled.json.json": the name already ends in ".json" and its marshaller adds another; name records without the extension',
    ]);
  });

  it('a manifest whose plugin API range excludes this core', async () => {
    const folder = await writePlugin(await tempDir(), 'kit_future', { manifest: { pluginApi: '^9.0.0' }, source: goodPluginSource('kit_future') });
    const found = await problems(folder);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^kit_future\/\*: does not load through the real loader: plugin folder .*kit_future: supports plugin API \^9\.0\.0, but this core implements \d+\.\d+\.\d+$/);
  });

  it('records that change between two gathers of the same cluster, and a panic when forbidden', async () => {
    const plugin = definePlugin({
      name: 'kit_flaky',
      functions: {
        random: defineGatheringFunction({
          description: 'Random content', paths: ['kit/random.json'], permissions: [],
          gather: () => [record({ name: 'kit/random', item: json({ at: Date.now(), n: Math.random() }) })],
        }),
        careless: defineGatheringFunction({
          description: 'Reads a property of what a forbidden request gave', paths: ['kit/careless.json'],
          permissions: [{ resource: 'configmaps', verbs: ['list'], namespace: KIT_NS }],
          async gather(ctx) {
            const items: unknown[] = [];
            try {
              for await (const cm of ctx.kube.list({ apiVersion: 'v1', kind: 'ConfigMap' }, { namespace: KIT_NS })) items.push(cm);
            } catch {
              return (undefined as unknown as { records: [] }).records; // a TypeError: the runner calls it a panic
            }
            return [record({ name: 'kit/careless', item: json(items.length) })];
          },
        }),
      },
    });
    const found = await problems(plugin);
    expect(found).toEqual([
      'kit_flaky/random: records differ between two gathers of the same cluster with the same clock: "kit/random.json" changed',
      expect.stringMatching(/^kit_flaky\/careless: did not end cleanly when every request was forbidden \(403; errors are fine there\): ended "panic": panic: TypeError/),
    ]);
  });
});
