import { delimiter } from 'node:path';
import type { OperatorConfigFile } from '../config/operator-config.ts';

/**
 * Plugin directories besides the built-in one, in loading order: the configuration file's
 * `pluginsDirs`, then `$INSIGHTS_PLUGINS_DIRS` (path-list), then `--plugins-dir` flags.
 */
export function extraPluginDirs(config: Readonly<OperatorConfigFile>, flags: readonly string[] | undefined): string[] {
  return [
    ...(config.pluginsDirs ?? []),
    ...(process.env.INSIGHTS_PLUGINS_DIRS ?? '').split(delimiter).filter((d) => d !== ''),
    ...(flags ?? []),
  ];
}
