import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import semver from 'semver';
import { isGatheringFunction } from '../../plugin-api/define-gathering-function.ts';
import { isPlugin } from '../../plugin-api/define-plugin.ts';
import { nameProblem } from '../../plugin-api/names.ts';
import { PLUGIN_API_VERSION } from '../../plugin-api/version.ts';
import { describeError, operatorError, OperatorError } from '../errors/codes.ts';
import type { LoadedPlugin, PluginFailure, PluginManifest } from './loaded-plugin.ts';
import { readManifest } from './manifest.ts';
import { installPluginApiResolution } from './plugin-api-resolution.ts';

/** The built-in plugins folder of this core. */
export const BUILT_IN_PLUGINS_DIR: string = fileURLToPath(new URL('../../plugins', import.meta.url));

/** A plugin's entry must finish importing within this; a hung top-level await must not hang the operator. */
const IMPORT_TIMEOUT_MS = 30_000;

/** Where to look for plugins. */
export interface LoaderOptions {
  /** Built-in plugins; {@link BUILT_IN_PLUGINS_DIR} by default. */
  builtInDir?: string;
  /** Further plugin directories (`--plugins-dir`, `INSIGHTS_PLUGINS_DIRS`), scanned in order. */
  extraDirs?: readonly string[];
  /** Load the built-in plugins (default true); the plugin test kit runs a plugin alone. */
  builtIn?: boolean;
  /** Single plugin folders (each holding a `plugin.json`), loaded as third-party after the directories. */
  folders?: readonly string[];
}

/** Everything that loaded, and everything that did not with the reason. */
export interface LoadResult {
  plugins: LoadedPlugin[];
  failures: PluginFailure[];
}

/**
 * Loads every plugin folder: validate the manifest, check the API range (before running any of the
 * plugin's code), import the entry, check the default export and its names, refuse duplicates. A bad
 * plugin is skipped with a reason that names its folder; it never stops the others.
 */
export async function loadPlugins(options: LoaderOptions = {}): Promise<LoadResult> {
  installPluginApiResolution();
  const result: LoadResult = { plugins: [], failures: [] };
  const owners = new Map<string, string>();
  const roots: Array<{ dir: string; builtIn: boolean; single?: boolean }> = [
    ...(options.builtIn === false ? [] : [{ dir: options.builtInDir ?? BUILT_IN_PLUGINS_DIR, builtIn: true }]),
    ...(options.extraDirs ?? []).map((dir) => ({ dir: resolve(dir), builtIn: false })),
    ...(options.folders ?? []).map((dir) => ({ dir: resolve(dir), builtIn: false, single: true })),
  ];
  for (const root of roots) {
    let folders: string[];
    if (root.single === true) {
      folders = [root.dir];
    } else {
      try {
        folders = (await readdir(root.dir, { withFileTypes: true }))
          .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
          .map((entry) => join(root.dir, entry.name))
          .sort();
      } catch (error) {
        result.failures.push({ directory: root.dir, code: 'IO_PLUGINS_DIR_UNREADABLE', reason: operatorError('IO_PLUGINS_DIR_UNREADABLE', root.dir, describeError(error)).message });
        continue;
      }
    }
    for (const directory of folders) {
      let manifest: PluginManifest | undefined;
      try {
        manifest = await readManifest(directory);
        const loaded = await loadOne(directory, manifest, root.builtIn);
        const owner = owners.get(loaded.plugin.name);
        if (owner !== undefined) throw operatorError('IO_PLUGIN_DUPLICATE', directory, loaded.plugin.name, owner);
        owners.set(loaded.plugin.name, directory);
        result.plugins.push(loaded);
      } catch (error) {
        const code = error instanceof OperatorError ? error.code : 'IO_PLUGIN_IMPORT_FAILED';
        result.failures.push({ directory, name: manifest?.name, code, reason: describeError(error) });
      }
    }
  }
  return result;
}

async function loadOne(directory: string, manifest: PluginManifest, builtIn: boolean): Promise<LoadedPlugin> {
  if (semver.validRange(manifest.pluginApi) === null) {
    throw operatorError('IO_PLUGIN_MANIFEST_INVALID', directory, `/pluginApi "${manifest.pluginApi}" is not a semver range`);
  }
  if (!semver.satisfies(PLUGIN_API_VERSION, manifest.pluginApi)) {
    throw operatorError('IO_PLUGIN_API_MISMATCH', directory, manifest.pluginApi, PLUGIN_API_VERSION);
  }
  const entryUrl = pathToFileURL(join(directory, manifest.entry)).href;
  let module: { default?: unknown };
  try {
    module = await withTimeout(import(entryUrl) as Promise<{ default?: unknown }>, IMPORT_TIMEOUT_MS);
  } catch (error) {
    throw operatorError('IO_PLUGIN_IMPORT_FAILED', directory, describeError(error));
  }
  const plugin = module.default;
  if (!isPlugin(plugin)) {
    throw operatorError('IO_PLUGIN_BAD_EXPORT', directory, `the default export of ${manifest.entry} was not made by definePlugin()`);
  }
  if (plugin.name !== manifest.name) {
    throw operatorError('IO_PLUGIN_BAD_EXPORT', directory, `definePlugin() names it "${plugin.name}" but plugin.json says "${manifest.name}"`);
  }
  // definePlugin() checks these too, but a second copy of the API may be older than ours.
  for (const [name, fn] of [...Object.entries(plugin.functions), ...Object.entries(plugin.plannedFunctions ?? {})]) {
    const problem = nameProblem(name);
    if (problem !== undefined) throw operatorError('IO_PLUGIN_BAD_EXPORT', directory, `function name ${problem}`);
    if (!isGatheringFunction(fn)) throw operatorError('IO_PLUGIN_BAD_EXPORT', directory, `"${name}" was not made by defineGatheringFunction()`);
  }
  return { plugin, manifest, directory, builtIn };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the entry did not finish importing within ${ms / 1000}s`)), ms);
    timer.unref();
  });
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}
