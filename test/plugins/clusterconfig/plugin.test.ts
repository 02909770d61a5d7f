import { describe, expect, it } from 'vitest';
import { loadPlugins } from '../../../core/loader/plugin-loader.ts';

describe('clusterconfig plugin', () => {
  it('loads through the core loader with the original function names', async () => {
    const { plugins, failures } = await loadPlugins();
    expect(failures.filter((f) => f.directory.endsWith('clusterconfig'))).toEqual([]);
    const plugin = plugins.find((p) => p.manifest.name === 'clusterconfig');
    expect(plugin).toBeDefined();
    expect(Object.keys(plugin!.plugin.functions).sort()).toEqual([
      'container_images', 'feature_gates', 'infrastructures', 'networks', 'nodes', 'operators', 'proxies', 'version',
    ]);
  });
});
