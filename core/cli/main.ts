#!/usr/bin/env -S node --max-semi-space-size=4
// Runs on the Node 24 pinned in devDependencies: `npx insights-operator` puts it first on PATH. The
// shebang's flags are OPERATOR_NODE_FLAGS (core/cli/node-flags.ts).
import { OperatorError } from '../errors/codes.ts';
import { ExitCode, UsageError } from './command.ts';
import type { Command } from './command.ts';
import { docsCommand } from './commands/docs.ts';
import { gatherCommand } from './commands/gather.ts';
import { inspectCommand } from './commands/inspect.ts';
import { newPluginCommand } from './commands/new-plugin.ts';
import { obfuscateCommand } from './commands/obfuscate.ts';
import { rbacCommand } from './commands/rbac.ts';
import { receiveCommand } from './commands/receive.ts';
import { startCommand } from './commands/start.ts';
import { OPERATOR_VERSION } from './version.ts';

const commands: readonly Command[] = [
  startCommand, gatherCommand, inspectCommand, receiveCommand, obfuscateCommand, docsCommand, rbacCommand, newPluginCommand,
];

function topUsage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: insights-operator <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "insights-operator <command> --help" for a command\'s options.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(`${topUsage()}\n`);
    return name === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`insights-operator ${OPERATOR_VERSION}\n`);
    return ExitCode.Ok;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    process.stderr.write(`insights-operator: unknown command "${name}"\n\n${topUsage()}\n`);
    return ExitCode.Usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return ExitCode.Ok;
  }
  if (rest.includes('--version')) {
    process.stdout.write(`insights-operator ${OPERATOR_VERSION}\n`);
    return ExitCode.Ok;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`insights-operator ${name}: ${(error as Error).message}\nRun "insights-operator ${name} --help" for usage.\n`);
      return ExitCode.Usage;
    }
    if (error instanceof OperatorError) {
      process.stderr.write(`insights-operator ${name}: ${error.message}\n`);
      return error.code === 'IO_NOTHING_SELECTED' ? ExitCode.NothingToDo : ExitCode.Failed;
    }
    process.stderr.write(`insights-operator ${name}: unexpected failure: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return ExitCode.Failed;
  }
}

// Exit explicitly: a function given up on at its deadline may still hold timers or sockets open.
process.exit(await main(process.argv.slice(2)));
