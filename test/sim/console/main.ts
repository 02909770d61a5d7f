/**
 * console-sim CLI. Other processes wait for its single stdout line, so stdout carries nothing else;
 * request logs (with --verbose) and errors go to stderr.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startConsoleSim } from './index.ts';
import type { ConsoleSim, ConsoleSimOptions } from './index.ts';
import { closeOnSignal } from '../close-on-signal.ts';

const USAGE = `usage: node test/sim/console/main.ts --token T [options]

  --token T             the pull-secret token to accept (required)
  --listen HOST:PORT    where to listen (default 127.0.0.1:0, a free port; IPv6 as [::1]:PORT)
  --ca-out FILE         write the simulator's CA (PEM) to FILE, for the client's CA bundle
  --cluster-id ID       require this cluster ID in OCM AccessTokens (default: any)
  --report FILE         serve this JSON report for every cluster (default: 404 until set)
  --rules FILE          serve these gathering rules (default: a one-rule valid v2 document)
  --verbose             log each request to stderr
  --help                print this help
`;

class UsageError extends Error {}

function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(value);
  const port = Number(m?.[3]);
  if (m === null || !Number.isInteger(port) || port > 65535) throw new UsageError(`--listen expects HOST:PORT, got '${value}'`);
  return { host: m[1] ?? m[2]!, port };
}

function readJson(flag: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new UsageError(`${flag}: cannot read JSON from ${file}: ${(error as Error).message}`);
  }
}

interface CliOptions {
  sim: ConsoleSimOptions;
  caOut?: string;
  report?: unknown;
  rules?: unknown;
  verbose: boolean;
}

function parseOptions(argv: string[]): CliOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        token: { type: 'string' }, listen: { type: 'string' }, 'ca-out': { type: 'string' },
        'cluster-id': { type: 'string' }, report: { type: 'string' }, rules: { type: 'string' },
        verbose: { type: 'boolean' }, help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
  if (values.help === true) return 'help';
  if (values.token === undefined || values.token === '') throw new UsageError('--token is required');
  const listen = values.listen === undefined ? {} : parseListen(values.listen);
  return {
    sim: {
      token: values.token,
      ...listen,
      ...(values['cluster-id'] === undefined ? {} : { clusterId: values['cluster-id'] }),
    },
    ...(values['ca-out'] === undefined ? {} : { caOut: values['ca-out'] }),
    ...(values.report === undefined ? {} : { report: readJson('--report', values.report) }),
    ...(values.rules === undefined ? {} : { rules: readJson('--rules', values.rules) }),
    verbose: values.verbose === true,
  };
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`console-sim: ${error.message} (see --help)\n`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  let sim: ConsoleSim | undefined;
  closeOnSignal('console-sim', () => sim);

  sim = await startConsoleSim(options.sim, options.verbose ? {
    onRequest: (r) => process.stderr.write(`${r.method} ${r.path}${r.query === '' ? '' : `?${r.query}`} ${r.status === 0 ? 'reset' : r.status}\n`),
  } : {});
  if (options.report !== undefined) sim.setReport('*', options.report);
  if (options.rules !== undefined) sim.setRules(options.rules);
  if (options.caOut !== undefined) await writeFile(options.caOut, sim.caPem);
  process.stdout.write(`console-sim listening on ${sim.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`console-sim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
