import { PLUGIN_API_VERSION } from '../../plugin-api/version.ts';

/** The namespace whose ConfigMaps the scaffolded example function lists. */
export const TEMPLATE_NAMESPACE = 'openshift-config';

/**
 * The files of a new plugin folder, by path relative to the folder: a manifest, an entry, one
 * gathering function (the ConfigMaps of one namespace, names and keys only) and its test written
 * against the plugin test kit. The contents pass the kit's contract checks as generated.
 * @param name - a valid plugin name (`nameProblem(name) === undefined`)
 */
export function pluginTemplate(name: string): Record<string, string> {
  const [major, minor] = PLUGIN_API_VERSION.split('.');
  return {
    'plugin.json': `${JSON.stringify({
      name,
      version: '0.1.0',
      pluginApi: `^${major}.${minor}.0`,
      entry: 'index.ts',
      description: `The ${name} gatherer.`,
    }, null, 2)}\n`,
    'index.ts': `/**
 * The \`${name}\` gatherer plugin. Its functions are named \`${name}/<function>\` in gathers.json
 * and in \`--disable\`.
 */
import { definePlugin } from 'insights-operator/plugin-api';
import { configMaps } from './config-maps.ts';

export default definePlugin({
  name: '${name}',
  functions: {
    config_maps: configMaps,
  },
});
`,
    'config-maps.ts': `import { defineGatheringFunction, json, record } from 'insights-operator/plugin-api';

/** The namespace read; reading one namespace needs only a Role there, not cluster-wide access. */
const NAMESPACE = '${TEMPLATE_NAMESPACE}';

/**
 * \`${name}/config_maps\`: the name and the keys of every ConfigMap in ${TEMPLATE_NAMESPACE}. Values are
 * left out on purpose: they may hold anything, and a record must never carry a secret.
 */
export const configMaps = defineGatheringFunction({
  description: 'Name and keys (not values) of every ConfigMap in ${TEMPLATE_NAMESPACE}.',
  paths: ['${name}/configmaps/{name}.json'],
  permissions: [{ resource: 'configmaps', verbs: ['list'], namespace: NAMESPACE }],
  async *gather(ctx) {
    // list() pages through the API as we iterate and stops when the function's deadline aborts it.
    for await (const cm of ctx.kube.list({ apiVersion: 'v1', kind: 'ConfigMap' }, { namespace: NAMESPACE })) {
      const cmName = cm.metadata?.name ?? '';
      const data = (cm.data ?? {}) as Record<string, unknown>;
      const binaryData = (cm.binaryData ?? {}) as Record<string, unknown>;
      yield record({
        name: \`${name}/configmaps/\${cmName}\`,
        item: json({ name: cmName, keys: [...Object.keys(data), ...Object.keys(binaryData)].sort() }),
      });
    }
  },
});
`,
    [`test/${name}.test.ts`]: `import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectPluginContract, gatherWithPlugin } from 'insights-operator/plugin-api/testing';

/** This plugin's folder: the kit loads it through the operator's real loader, as a gather does. */
const PLUGIN = fileURLToPath(new URL('..', import.meta.url));

function configMap(namespace: string, name: string, data: Record<string, string>) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

describe('${name}', () => {
  it('keeps the plugin contract (declared paths and permissions, abort, no secrets, empty cluster)', async () => {
    await expectPluginContract(PLUGIN, { objects: [configMap('${TEMPLATE_NAMESPACE}', 'example', { key: 'value' })] });
  });

  it('records the name and keys of each ConfigMap in ${TEMPLATE_NAMESPACE}, never the values', async () => {
    const result = await gatherWithPlugin(PLUGIN, {
      objects: [
        configMap('${TEMPLATE_NAMESPACE}', 'example', { 'b.yaml': 'password: hunter2', a: '1' }),
        configMap('elsewhere', 'ignored', { a: '1' }),
      ],
    });
    try {
      expect(result.record('${name}/configmaps/example.json')?.json()).toEqual({ name: 'example', keys: ['a', 'b.yaml'] });
      expect(result.record('${name}/configmaps/ignored.json')).toBeUndefined();
      expect(result.record('${name}/configmaps/example.json')?.text()).not.toContain('hunter2');
    } finally {
      await result.close();
    }
  });
});
`,
  };
}
