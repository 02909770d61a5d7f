/**
 * Runs a Prometheus or Alertmanager binary on a free loopback port until it answers `/-/ready`, and
 * stops it for sure.
 *
 * Neither binary accepts port 0, so a free port is picked first and the start retried when another
 * process took it meanwhile (EADDRINUSE). The binary runs under a small `sh` watchdog that reads its
 * own standard input: when the test process ends in any way (a failed test, a vitest worker killed at a
 * timeout, Ctrl-C), that pipe closes and the watchdog kills the server, so no server outlives its test.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CaTrustingClient } from './https-client.ts';

/**
 * `$@` runs in the background with standard input from /dev/null; a background subshell waits for
 * end-of-file on our stdin (fd 3) and then stops it. The server's pid goes out first on stdout, so that
 * a server that ignores SIGTERM can still be killed directly.
 */
const WATCHDOG = [
  'exec 3<&0',
  '"$@" </dev/null >&2 &',
  'server=$!',
  'echo "$server"',
  '( read _line <&3; kill -TERM "$server" 2>/dev/null ) &',
  'watcher=$!',
  "trap 'kill -TERM \"$server\" 2>/dev/null' TERM INT HUP",
  'wait "$server"',
  'status=$?',
  'kill "$watcher" 2>/dev/null',
  'exit "$status"',
].join('\n');

/** How long a server gets to answer `/-/ready`. */
const READY_TIMEOUT_MS = 60_000;
/** How long a server gets to exit after SIGTERM before it is killed. */
const STOP_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 5;

export interface ServerProcessOptions {
  /** For messages: `prometheus`, `alertmanager`. */
  readonly name: string;
  readonly binary: string;
  /** The command-line arguments for a given port. */
  readonly args: (port: number) => readonly string[];
  /** Trusts the server's CA; used for the readiness probe. */
  readonly http: CaTrustingClient;
  /** Runs before each attempt, for configuration files that name the port. */
  readonly beforeStart?: (port: number) => Promise<void>;
}

export interface ServerProcess {
  readonly port: number;
  /** The server's standard error so far (its logs), for failure messages. */
  readonly logs: () => string;
  /** Stops the server (SIGTERM, then SIGKILL after 10 s); safe to call twice. */
  stop(): Promise<void>;
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port could be reserved');
  return address.port;
}

/** Starts the server and resolves once `/-/ready` answers 200. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  let lastLogs = '';
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt += 1) {
    const port = await freePort();
    await options.beforeStart?.(port);
    const started = launch(options, port);
    const outcome = await waitReady(options, started, port);
    if (outcome === 'ready') return { port, logs: started.logs, stop: started.stop };
    await started.stop();
    lastLogs = started.logs();
    if (outcome === 'port-taken') continue;
    throw new Error(`${options.name} did not become ready on 127.0.0.1:${port} (${outcome}); its log:\n${tail(lastLogs)}`);
  }
  throw new Error(`${options.name}: no free port after ${PORT_ATTEMPTS} attempts; the last log:\n${tail(lastLogs)}`);
}

interface Launched {
  readonly child: ChildProcess;
  readonly logs: () => string;
  readonly exited: () => boolean;
  readonly stop: () => Promise<void>;
}

function launch(options: ServerProcessOptions, port: number): Launched {
  const child = spawn('/bin/sh', ['-c', WATCHDOG, 'watchdog', options.binary, ...options.args(port)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let logs = '';
  let serverPid: number | undefined;
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('close', () => {
    exited = true;
    resolve();
  }));
  child.stdout?.on('data', (chunk: Buffer) => {
    const pid = Number.parseInt(chunk.toString('utf8'), 10);
    if (serverPid === undefined && Number.isInteger(pid)) serverPid = pid;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    // Kept short: only the tail goes into failure messages.
    logs = (logs + chunk.toString('utf8')).slice(-64 * 1024);
  });
  child.on('error', (error) => {
    logs += `\nspawn failed: ${error.message}`;
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (!exited) child.stdin?.end();
      const timer = setTimeout(() => {
        if (serverPid !== undefined) trySignal(serverPid, 'SIGKILL');
        child.kill('SIGKILL');
      }, STOP_TIMEOUT_MS);
      try {
        await exit;
      } finally {
        clearTimeout(timer);
      }
    })();
    return stopping;
  };
  return { child, logs: () => logs, exited: () => exited, stop };
}

function trySignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

async function waitReady(options: ServerProcessOptions, started: Launched, port: number): Promise<'ready' | 'port-taken' | string> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  const url = `https://127.0.0.1:${port}/-/ready`;
  let last = 'no answer yet';
  while (performance.now() < deadline) {
    if (started.exited()) {
      return /address already in use/i.test(started.logs()) ? 'port-taken' : `it exited (code ${started.child.exitCode ?? 'by signal'})`;
    }
    try {
      const answer = await options.http.send('GET', url);
      if (answer.status === 200) return 'ready';
      last = `/-/ready answered ${answer.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(100);
  }
  return `no 200 from /-/ready within ${READY_TIMEOUT_MS} ms: ${last}`;
}

function tail(text: string): string {
  return text.split('\n').slice(-30).join('\n');
}
