import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { defineGatheringFunction, definePlugin, json, record } from 'insights-operator/plugin-api';
import { gatherWithPlugin, mockServices } from 'insights-operator/plugin-api/testing';
import { tempDir } from '../../helpers/temp-dir.ts';
import { writePlugin } from '../../helpers/write-plugin.ts';
import { configMapsFunction, goodPlugin, goodPluginSource, KIT_NS, KIT_OBJECTS } from './kit-plugins.ts';

describe('gatherWithPlugin', () => {
  it('runs only the plugin under test through the real core and returns its records, metadata and requests', async () => {
    const result = await gatherWithPlugin(goodPlugin(), { objects: KIT_OBJECTS, services: { 'core.clock': mockServices.clock('2025-03-04T05:06:07Z') } });
    try {
      expect(result.records.map((r) => r.name).sort()).toEqual([`kit/configmaps/${KIT_NS}/alpha.json`, `kit/configmaps/${KIT_NS}/beta.json`, 'kit/stamp.json']);
      expect(result.record(`kit/configmaps/${KIT_NS}/alpha.json`)?.json()).toEqual({ name: 'alpha', data: { colour: 'blue' } });
      expect(result.record('kit/stamp')?.text()).toBe('{"at":"2025-03-04T05:06:07.000Z"}');
      // No built-in plugin ran: only ours is in the metadata.
      expect(new Set(result.metadata.status_reports.map((r) => r.name.split('/')[0]))).toEqual(new Set(['kit_good']));
      expect(result.reports.map((r) => [r.name, r.status]).sort()).toEqual([['kit_good/config_maps', 'ok'], ['kit_good/stamp', 'ok']]);
      // The gather identity's requests, RBAC-checked: the declared namespaced list was allowed.
      const lists = result.requests.filter((a) => a.info.resource === 'configmaps');
      expect(lists.length).toBeGreaterThan(0);
      expect(lists.every((a) => a.allowed && a.info.namespace === KIT_NS && a.info.verb === 'list')).toBe(true);
      expect((await stat(result.archivePath)).isFile()).toBe(true);
    } finally {
      await result.close();
    }
    await expect(stat(result.archivePath)).rejects.toThrow();
  });

  it('enforces the declared permissions by default, and not with rbac: false', async () => {
    const undeclared = definePlugin({ name: 'kit_rbac', functions: { config_maps: configMapsFunction({ permissions: [] }) } });
    const enforced = await gatherWithPlugin(undeclared, { objects: KIT_OBJECTS });
    await enforced.close();
    expect(enforced.reports[0]?.status).toBe('error');
    expect(enforced.reports[0]?.errors.join()).toMatch(/forbidden/);
    expect(enforced.requests.some((a) => !a.allowed && a.info.resource === 'configmaps')).toBe(true);
    const open = await gatherWithPlugin(undeclared, { objects: KIT_OBJECTS, rbac: false });
    await open.close();
    expect(open.reports[0]?.status).toBe('ok');
    expect(open.records).toHaveLength(2);
  });

  it('passes the configuration slice, runs only the chosen functions, and loads a folder through the real loader', async () => {
    const configured = definePlugin({
      name: 'kit_config',
      functions: {
        echo: defineGatheringFunction({
          description: 'Echoes its configuration', paths: ['kit/echo.json'], permissions: [],
          gather: (ctx) => [record({ name: 'kit/echo', item: json(ctx.config) })],
        }),
        other: defineGatheringFunction({ description: 'Never chosen', paths: ['kit/other.json'], permissions: [], gather: () => [record({ name: 'kit/other', item: json(1) })] }),
      },
    });
    const result = await gatherWithPlugin(configured, { config: { level: 3 }, functions: ['echo'] });
    await result.close();
    expect(result.records.map((r) => r.name)).toEqual(['kit/echo.json']);
    expect(result.record('kit/echo.json')?.json()).toEqual({ level: 3 });
    expect(result.reports.find((r) => r.name === 'kit_config/other')?.status).toBe('disabled');
    await expect(gatherWithPlugin(configured, { functions: ['nope'] })).rejects.toThrow(/no function "nope"/);

    const folder = await writePlugin(await tempDir(), 'kit_folder', { source: goodPluginSource('kit_folder') });
    const fromFolder = await gatherWithPlugin(folder, { objects: KIT_OBJECTS, cluster: 'empty' });
    await fromFolder.close();
    expect(fromFolder.records.map((r) => r.name).sort()).toEqual([`kit/configmaps/${KIT_NS}/alpha.json`, `kit/configmaps/${KIT_NS}/beta.json`, 'kit/other.json']);
  });

  it('gathers from the sample archive\'s cluster and from a generated one', async () => {
    const operators = definePlugin({
      name: 'kit_operators',
      functions: {
        names: defineGatheringFunction({
          description: 'ClusterOperator names', paths: ['kit/operators.json'],
          permissions: [{ group: 'config.openshift.io', resource: 'clusteroperators', verbs: ['list'] }],
          async gather(ctx) {
            const names: string[] = [];
            for await (const co of ctx.kube.list({ apiVersion: 'config.openshift.io/v1', kind: 'ClusterOperator' })) names.push(co.metadata!.name!);
            return [record({ name: 'kit/operators', item: json(names) })];
          },
        }),
      },
    });
    for (const cluster of ['sample', { scale: 1 }] as const) {
      const result = await gatherWithPlugin(operators, { cluster });
      await result.close();
      expect(result.reports[0]?.status).toBe('ok');
      expect(result.record('kit/operators.json')?.json<string[]>()).toContain('insights');
    }
  });

  it('refuses a folder the loader refuses, with the loader\'s reason', async () => {
    const folder = await writePlugin(await tempDir(), 'kit_future', { manifest: { pluginApi: '^9.0.0' }, source: goodPluginSource('kit_future') });
    await expect(gatherWithPlugin(folder)).rejects.toThrow(/supports plugin API \^9\.0\.0/);
  });
});
