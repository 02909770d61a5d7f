import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DOCS_COMMAND, GATHERED_DATA_DOC, renderGatheredData } from '../../docs/gathered-data.ts';
import { ExitCode } from '../command.ts';
import type { Command } from '../command.ts';
import { loadDeclaredPlugins } from '../load-declared-plugins.ts';

const usage = `Usage: insights-operator docs [options]

Writes the gathered-data document (what every gathering function collects, its archive paths,
permissions, timeout and period) from the declarations of the loaded plugins.

Options:
  --output FILE         where to write (default: ${GATHERED_DATA_DOC}, relative to the working directory)
  --plugins-dir DIR     describe the plugins of DIR too (repeatable); $INSIGHTS_PLUGINS_DIRS is ignored
                        so that the document depends only on the command line
  --check               write nothing; exit 1 when FILE differs from what would be written
  -h, --help            show this help

Exit status: 0 written (or up to date with --check); 1 stale (--check) or a plugin failed to load;
2 bad usage.`;

/** `insights-operator docs`: regenerates, or checks, `docs/gathered-data.md`. */
export const docsCommand: Command = {
  name: 'docs',
  summary: 'write docs/gathered-data.md from the plugins\' declarations',
  usage,
  async run(args) {
    const { values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        output: { type: 'string' },
        'plugins-dir': { type: 'string', multiple: true },
        check: { type: 'boolean' },
      },
    });
    const file = resolve(values.output ?? GATHERED_DATA_DOC);
    const text = renderGatheredData(await loadDeclaredPlugins(values['plugins-dir'] ?? []));
    if (values.check === true) {
      const current = await readFile(file, 'utf8').catch(() => undefined);
      if (current === text) {
        process.stdout.write(`${file} is up to date\n`);
        return ExitCode.Ok;
      }
      process.stderr.write(`${file} is ${current === undefined ? 'missing' : 'stale'}: run \`${DOCS_COMMAND}${commandSuffix(values.output, values['plugins-dir'])}\` and commit the result\n`);
      return ExitCode.Failed;
    }
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
    process.stdout.write(`${file}\n`);
    return ExitCode.Ok;
  },
};

function commandSuffix(output: string | undefined, dirs: readonly string[] | undefined): string {
  return [...(output === undefined ? [] : [` --output ${output}`]), ...(dirs ?? []).map((d) => ` --plugins-dir ${d}`)].join('');
}
