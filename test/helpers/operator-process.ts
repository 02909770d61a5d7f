import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { OPERATOR_NODE_FLAGS } from '../../core/cli/node-flags.ts';

const MAIN = new URL('../../core/cli/main.ts', import.meta.url).pathname;

/** One JSON log line of the operator. */
export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A running operator process (`insights-operator start`, or any long-running command) and its JSON logs. */
export interface OperatorProcess {
  readonly child: ChildProcess;
  /** Every log line so far (stderr, JSON). */
  readonly logs: LogLine[];
  /** Non-JSON stderr text so far. */
  readonly text: () => string;
  /** Resolves with the first log line (past or future) that matches; rejects after `timeoutMs`. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Sends the signal and resolves with the exit code and how long the process took to exit. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; ms: number }>;
}

/** How to start the process; by default `core/cli/main.ts` in this process's directory and environment. */
export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  /** The script to run instead of the CLI (for example `scripts/start.ts`). */
  script?: string;
  cwd?: string;
}

/** Starts `insights-operator <args>` (or another script) as a real process, with JSON logs on stderr. */
export function startOperatorProcess(args: readonly string[], options: StartOptions = {}): OperatorProcess {
  const child = spawn(process.execPath, [...OPERATOR_NODE_FLAGS, options.script ?? MAIN, ...args], {
    env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  let text = '';
  let partial = '';
  const waiters = new Set<{ match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }>();
  let exited: { code: number | null; at: number } | undefined;
  const exitWaiters: Array<() => void> = [];
  child.stdout?.on('data', (c: Buffer) => { text += c.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const raw of lines) {
      let line: LogLine | undefined;
      try {
        line = JSON.parse(raw) as LogLine;
      } catch {
        text += `${raw}\n`;
        continue;
      }
      logs.push(line);
      for (const w of [...waiters]) {
        if (w.match(line)) {
          waiters.delete(w);
          w.resolve(line);
        }
      }
    }
  });
  child.on('exit', (code) => {
    exited = { code, at: performance.now() };
    for (const w of exitWaiters.splice(0)) w();
  });
  return {
    child,
    logs,
    text: () => text,
    waitForLog(match, timeoutMs = 60_000) {
      const found = logs.find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve: (l: LogLine) => { clearTimeout(timer); resolve(l); } };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching log line within ${timeoutMs} ms; exited: ${JSON.stringify(exited)}; last lines:\n${logs.slice(-15).map((l) => JSON.stringify(l)).join('\n')}\n${text.slice(-2000)}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    stop(signal = 'SIGTERM', timeoutMs = 40_000) {
      const sent = performance.now();
      return new Promise((resolve, reject) => {
        const done = () => resolve({ code: exited!.code, ms: exited!.at - sent });
        if (exited !== undefined) return done();
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`the process did not exit within ${timeoutMs} ms of ${signal}`));
        }, timeoutMs);
        exitWaiters.push(() => { clearTimeout(timer); done(); });
        child.kill(signal);
      });
    },
  };
}
