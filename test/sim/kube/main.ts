/**
 * kube-sim CLI. Other processes wait for its single stdout line, so stdout carries nothing else;
 * request logs (with --verbose) and errors go to stderr.
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startKubeSim } from './index.ts';
import type { KubeSim, KubeSimOptions } from './index.ts';

const USAGE = `usage: node test/sim/kube/main.ts (--fixture sample|--fixture DIR|--scale N) [options]

  --fixture sample|DIR     seed from an extracted Insights archive ('sample': the shared sample archive)
  --scale N                seed a generated cluster of scale N (N×500 pods, N×6 nodes, ...)
  --listen HOST:PORT       where to listen (default 127.0.0.1:0, a free port; IPv6 as [::1]:PORT)
  --kubeconfig-out FILE    write a kubeconfig for the simulator to FILE
  --token T                bearer token to accept (default: random)
  --verbose                log each request to stderr
  --help                   print this help
`;

class UsageError extends Error {}

function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(value);
  const port = Number(m?.[3]);
  if (m === null || !Number.isInteger(port) || port > 65535) throw new UsageError(`--listen expects HOST:PORT, got '${value}'`);
  return { host: m[1] ?? m[2]!, port };
}

function parseOptions(argv: string[]): (KubeSimOptions & { kubeconfigOut?: string; verbose: boolean }) | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        fixture: { type: 'string' }, scale: { type: 'string' }, listen: { type: 'string' },
        'kubeconfig-out': { type: 'string' }, token: { type: 'string' }, verbose: { type: 'boolean' }, help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
  if (values.help === true) return 'help';
  if ((values.fixture === undefined) === (values.scale === undefined)) throw new UsageError('exactly one of --fixture and --scale is required');
  let scale: number | undefined;
  if (values.scale !== undefined) {
    scale = Number(values.scale);
    if (!/^\d+$/.test(values.scale) || !Number.isSafeInteger(scale) || scale < 1) throw new UsageError(`--scale expects a positive integer, got '${values.scale}'`);
  }
  if (values.fixture !== undefined && values.fixture !== 'sample' && !statSync(values.fixture, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--fixture: no such directory: ${values.fixture}`);
  }
  if (values.token === '') throw new UsageError('--token must not be empty');
  const listen = values.listen === undefined ? undefined : parseListen(values.listen);
  return {
    ...(values.fixture === undefined ? {} : { fixture: values.fixture }),
    ...(scale === undefined ? {} : { scale }),
    ...(listen === undefined ? {} : listen),
    ...(values.token === undefined ? {} : { token: values.token }),
    ...(values['kubeconfig-out'] === undefined ? {} : { kubeconfigOut: values['kubeconfig-out'] }),
    verbose: values.verbose === true,
  };
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`kube-sim: ${error.message} (see --help)\n`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const { kubeconfigOut, verbose, ...simOptions } = options;
  // Handlers go in before the ready line: a signal sent the moment it is read must not kill us uncleanly.
  let sim: KubeSim | undefined;
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    (sim?.close() ?? Promise.resolve()).then(() => process.exit(0), (error: unknown) => {
      process.stderr.write(`kube-sim: ${String(error)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  sim = await startKubeSim(simOptions, verbose ? {
    onRequest: (r) => process.stderr.write(`${r.method} ${r.path}${r.query === '' ? '' : `?${r.query}`} ${r.status}\n`),
  } : {});
  if (kubeconfigOut !== undefined) await sim.writeKubeconfig(kubeconfigOut);
  process.stdout.write(`kube-sim listening on ${sim.url} (${sim.store.count()} objects)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`kube-sim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
