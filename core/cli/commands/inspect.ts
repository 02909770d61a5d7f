import { parseArgs } from 'node:util';
import { formatInspectReport } from '../../archive/format-inspect-report.ts';
import { inspectReport } from '../../archive/inspect-report.ts';
import { OperatorError } from '../../errors/codes.ts';
import { ExitCode, UsageError } from '../command.ts';
import type { Command } from '../command.ts';

const usage = `Usage: insights-operator inspect ARCHIVE [--json]

Shows what an Insights archive (tar.gz) holds, to decide what the cluster sends: every gathering
function with its status (ok, error, panic, timeout, skipped, disabled) and why it did not succeed,
durations (the 10 slowest), record counts, the 10 largest files, files per directory, whether
networking and workload-name obfuscation were on, and the secret scrubber's redaction report.
The archive is read once, as a stream: its size does not matter.

Options:
  --json       print one JSON object instead (config/inspect.schema.json; its "gathers" member is
               the archive's gathers.json, config/gathers.schema.json)
  -h, --help   show this help

Exit status: 0 shown; 2 bad usage, or ARCHIVE is missing, unreadable, not a tar.gz, or has no
insights-operator/gathers.json.`;

/** `insights-operator inspect`: what an archive holds, for people or (`--json`) for tools. */
export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'show what an archive holds: functions, failures, durations, largest files, redactions',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { json: { type: 'boolean' } } });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'ARCHIVE is missing' : `one ARCHIVE expected, got ${positionals.length}`);
    let report;
    try {
      report = await inspectReport(positionals[0]!);
    } catch (error) {
      // A file that is not an archive is a wrong argument, not a failure of the tool: exit 2, as for usage.
      if (!(error instanceof OperatorError)) throw error;
      process.stderr.write(`insights-operator inspect: ${error.message}\n`);
      return ExitCode.Usage;
    }
    process.stdout.write(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : `${formatInspectReport(report)}\n`);
    return ExitCode.Ok;
  },
};
