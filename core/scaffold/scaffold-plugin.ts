import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { nameProblem } from '../../plugin-api/names.ts';
import { operatorError } from '../errors/codes.ts';
import { BUILT_IN_PLUGINS_DIR } from '../loader/plugin-loader.ts';
import { pluginTemplate } from './plugin-template.ts';

/** Where `new-plugin` puts plugin folders unless told otherwise, relative to the working directory. */
export const DEFAULT_SCAFFOLD_DIR = 'plugins-local';

/** What {@link scaffoldPlugin} wrote. */
export interface ScaffoldResult {
  /** The new plugin folder, absolute. */
  directory: string;
  /** The files written, relative to {@link ScaffoldResult.directory}, sorted. */
  files: string[];
}

/**
 * Writes a new plugin folder `<parentDir>/<name>/` from {@link pluginTemplate}. Refuses a name the
 * loader would refuse (invalid, or taken by a built-in plugin) and an existing folder, before writing
 * anything; never overwrites.
 * @param options - the plugin name and the folder to create it in
 * @throws OperatorError `IO_SCAFFOLD_NAME` or `IO_SCAFFOLD_EXISTS`
 */
export async function scaffoldPlugin(options: { name: string; parentDir: string }): Promise<ScaffoldResult> {
  const { name } = options;
  const problem = nameProblem(name);
  if (problem !== undefined) throw operatorError('IO_SCAFFOLD_NAME', name, `the name ${problem}`);
  const builtIns = await readdir(BUILT_IN_PLUGINS_DIR).catch(() => [] as string[]);
  if (builtIns.includes(name)) throw operatorError('IO_SCAFFOLD_NAME', name, 'a built-in plugin has this name, and the loader refuses duplicates');
  const directory = join(resolve(options.parentDir), name);
  await mkdir(resolve(options.parentDir), { recursive: true });
  try {
    // Not recursive: creating the folder itself is the check that nothing is there yet, without a race.
    await mkdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw operatorError('IO_SCAFFOLD_EXISTS', directory);
    throw error;
  }
  const files = pluginTemplate(name);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(directory, path)), { recursive: true });
    await writeFile(join(directory, path), content, { flag: 'wx' });
  }
  return { directory, files: Object.keys(files).sort() };
}
