import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_SCAFFOLD_DIR, scaffoldPlugin } from '../../scaffold/scaffold-plugin.ts';
import { ExitCode, UsageError } from '../command.ts';
import type { Command } from '../command.ts';

const usage = `Usage: insights-operator new-plugin NAME [options]

Writes a new gatherer plugin folder DIR/NAME/: plugin.json, index.ts, one example gathering function
(config-maps.ts: the names and keys of the ConfigMaps in one namespace) and test/NAME.test.ts, a test
written against insights-operator/plugin-api/testing that passes as generated.

NAME must match [a-z][a-z0-9_]* and not be a built-in plugin's name.

Options:
  --dir DIR             where to create the folder (default: ./${DEFAULT_SCAFFOLD_DIR}); load it with
                        --plugins-dir DIR
  -h, --help            show this help

Exit status: 0 written; 1 NAME is invalid or taken, or the folder exists; 2 bad usage.`;

/** This repository's root: `npx vitest` and `npx insights-operator` run from there. */
const REPO_ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

/**
 * The commands to run next. From the repository's root they read as typed, and vitest's configuration
 * already includes every `plugins-local/<name>/test/` folder; from anywhere else they use absolute
 * paths, with the plugin folder as vitest's root and this repository's configuration, which maps
 * `insights-operator/plugin-api[/testing]`.
 */
function nextSteps(directory: string, parentDir: string): string[] {
  const atRoot = resolve(process.cwd()) === REPO_ROOT;
  const short = atRoot && directory.startsWith(join(REPO_ROOT, DEFAULT_SCAFFOLD_DIR, '/'));
  const rel = (path: string) => {
    const r = relative(REPO_ROOT, path);
    return atRoot && r !== '' && !r.startsWith('..') && !isAbsolute(r) ? r : path;
  };
  return [
    atRoot ? 'Next:' : `Next, from ${REPO_ROOT}:`,
    short
      ? `  npx vitest run ${rel(directory)}`
      : `  npx vitest run --root ${rel(directory)} --config ${join(REPO_ROOT, 'vitest.config.ts')}`,
    `  npx insights-operator gather --plugins-dir ${rel(parentDir)} --kubeconfig FILE --output DIR`,
    `  npx insights-operator docs --plugins-dir ${rel(parentDir)} --output FILE`,
  ];
}

/** `insights-operator new-plugin`: scaffolds a plugin folder with a passing contract test. */
export const newPluginCommand: Command = {
  name: 'new-plugin',
  summary: 'create a new plugin folder with one function and its test',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { dir: { type: 'string' } },
    });
    if (positionals.length !== 1) throw new UsageError(`expected one plugin NAME, got ${positionals.length}`);
    const dir = values.dir ?? DEFAULT_SCAFFOLD_DIR;
    const { directory, files } = await scaffoldPlugin({ name: positionals[0]!, parentDir: dir });
    const shown = relative(process.cwd(), directory);
    process.stdout.write([
      `created ${shown.startsWith('..') || isAbsolute(shown) ? directory : shown}/`,
      ...files.map((f) => `  ${f}`),
      '',
      ...nextSteps(directory, resolve(dir)),
      '',
    ].join('\n'));
    return ExitCode.Ok;
  },
};
