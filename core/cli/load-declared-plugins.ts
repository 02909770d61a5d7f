import type { LoadedPlugin } from '../loader/loaded-plugin.ts';
import { loadPlugins } from '../loader/plugin-loader.ts';
import { operatorError } from '../errors/codes.ts';

/**
 * Loads the built-in plugins and those of `extraDirs` for a command that describes them (`docs`,
 * `rbac`). Unlike a gather, which skips a broken plugin and goes on, these refuse: a document or a role
 * that silently left a plugin out would be wrong without anyone noticing.
 * @param extraDirs - the `--plugins-dir` folders, in order
 * @throws OperatorError `IO_PLUGINS_INCOMPLETE` listing every plugin that did not load
 */
export async function loadDeclaredPlugins(extraDirs: readonly string[]): Promise<LoadedPlugin[]> {
  const { plugins, failures } = await loadPlugins({ extraDirs });
  if (failures.length > 0) {
    throw operatorError('IO_PLUGINS_INCOMPLETE', failures.length, failures.map((f) => f.reason).join('; '));
  }
  return plugins;
}
