import { spawn } from 'node:child_process';
import { OPERATOR_NODE_FLAGS } from '../../core/cli/node-flags.ts';

const MAIN = new URL('../../core/cli/main.ts', import.meta.url).pathname;

/** What a run of the `insights-operator` binary printed and how it ended. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `insights-operator <args>` as a real process on this Node, as a user would. */
export function runCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...OPERATOR_NODE_FLAGS, MAIN, ...args], { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`insights-operator ${args.join(' ')} did not finish`)); }, options.timeoutMs ?? 60_000);
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}
