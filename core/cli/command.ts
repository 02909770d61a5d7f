/** A subcommand of the `insights-operator` binary. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full `--help` text. */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[]): Promise<number>;
}

/** Exit codes, documented in the README. */
export const ExitCode = {
  Ok: 0,
  Failed: 1,
  Usage: 2,
  /** Nothing to gather: every function disabled, or `all`. */
  NothingToDo: 3,
} as const;

/** A bad command line: the message is printed with a hint to use `--help`. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
