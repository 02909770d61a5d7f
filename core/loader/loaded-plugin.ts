import type { Plugin } from '../../plugin-api/define-plugin.ts';

/** The validated contents of a plugin's `plugin.json`. */
export interface PluginManifest {
  name: string;
  version: string;
  pluginApi: string;
  entry: string;
  description?: string;
}

/** A plugin that loaded and passed every check. */
export interface LoadedPlugin {
  plugin: Plugin;
  manifest: PluginManifest;
  directory: string;
  builtIn: boolean;
}

/** A plugin folder that was skipped, and why; reported in the log, the metadata and the status. */
export interface PluginFailure {
  directory: string;
  /** The manifest's name when it could be read. */
  name?: string | undefined;
  code: string;
  reason: string;
}
