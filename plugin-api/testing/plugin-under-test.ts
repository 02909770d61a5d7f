import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { LoadedPlugin, PluginFailure } from '../../core/loader/loaded-plugin.ts';
import { loadPlugins } from '../../core/loader/plugin-loader.ts';
import type { LoadResult } from '../../core/loader/plugin-loader.ts';
import { isPlugin } from '../define-plugin.ts';
import type { Plugin } from '../define-plugin.ts';
import { PLUGIN_API_VERSION } from '../version.ts';

/** What the kit tests: a plugin made by `definePlugin`, or the path of a folder with its `plugin.json`. */
export type PluginOrFolder = Plugin | string;

/** The plugin under test once loaded, alone, as the core would hold it. */
export interface PluginUnderTest {
  /** The loaded plugin, or `undefined` when the folder did not load. */
  loaded: LoadedPlugin | undefined;
  /** Why the folder did not load (the loader's own reason). */
  failure: PluginFailure | undefined;
  /** The plugin's name (from the manifest or the folder when it did not load). */
  name: string;
}

/**
 * Loads the plugin under test and nothing else (no built-in plugin): a `Plugin` object is taken as
 * loaded from an in-memory folder; a folder goes through the real loader, manifest and API range
 * included.
 * @param pluginOrFolder - the plugin or its folder
 */
export async function loadPluginUnderTest(pluginOrFolder: PluginOrFolder): Promise<PluginUnderTest> {
  if (typeof pluginOrFolder !== 'string') {
    if (!isPlugin(pluginOrFolder)) throw new TypeError('the plugin test kit needs a plugin made by definePlugin() or the path of a plugin folder');
    const loaded: LoadedPlugin = {
      plugin: pluginOrFolder,
      manifest: { name: pluginOrFolder.name, version: '0.0.0', pluginApi: PLUGIN_API_VERSION, entry: '(in memory)' },
      directory: `(in memory: ${pluginOrFolder.name})`,
      builtIn: false,
    };
    return { loaded, failure: undefined, name: pluginOrFolder.name };
  }
  const directory = resolve(pluginOrFolder);
  if (!(await stat(directory).catch(() => undefined))?.isDirectory()) throw new Error(`the plugin test kit: ${directory} is not a folder`);
  const result = await loadPlugins({ builtIn: false, folders: [directory] });
  const failure = result.failures[0];
  return { loaded: result.plugins[0], failure, name: result.plugins[0]?.plugin.name ?? failure?.name ?? directory };
}

/** A load result holding only `loaded`, as the composition root takes it. */
export function loadResultOf(loaded: LoadedPlugin): LoadResult {
  return { plugins: [loaded], failures: [] };
}

let builtIns: Promise<ReadonlySet<string>> | undefined;

/** Names of this core's built-in plugins, loaded once per process. */
export function builtInPluginNames(): Promise<ReadonlySet<string>> {
  builtIns ??= loadPlugins({ extraDirs: [] }).then((r) => new Set(r.plugins.filter((p) => p.builtIn).map((p) => p.plugin.name)));
  return builtIns;
}
