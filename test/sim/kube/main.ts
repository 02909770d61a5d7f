/**
 * kube-sim CLI. Other processes wait for its single stdout line, so stdout carries nothing else;
 * request logs (with --verbose) and errors go to stderr.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serveCpuReports } from './cpu-report.ts';
import { parseFaultFile } from './faults.ts';
import type { FaultRule } from './faults.ts';
import { resolveScale, startKubeSim } from './index.ts';
import type { KubeSim, KubeSimOptions } from './index.ts';
import { closeOnSignal } from '../close-on-signal.ts';

const USAGE = `usage: node test/sim/kube/main.ts (--fixture sample|--fixture DIR|--scale N|small|large|huge) [options]

  --fixture sample|DIR     seed from an extracted Insights archive ('sample': the shared sample archive)
  --deanonymize            with --fixture: realistic values where the archive has anonymized ones
  --scale N|PRESET         seed a generated cluster of N units (N×500 pods, N×6 nodes, ...), or a preset:
                           small (~500 pods), large (~20,000), huge (~100,000)
  --seed N                 with --scale: the generated cluster's seed (default 1)
  --listen HOST:PORT       where to listen (default 127.0.0.1:0, a free port; IPv6 as [::1]:PORT)
  --kubeconfig-out FILE    write a kubeconfig for the simulator to FILE
  --token T                bearer token to accept (default: random)
  --rbac on|off            authorize requests of users other than the admin with RBAC (default off)
  --faults FILE            fault rules (a JSON or YAML list; see faults.ts) in force from the start
  --fault-seed N           seed of the fault injector's PRNG (default 1): the same seed replays a run
  --cpu-report             answer 'cpu' and 'stringify-pods' on stdin with JSON lines on stdout
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

function nonNegativeInt(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new UsageError(`${flag} expects a non-negative integer, got '${value}'`);
  return n;
}

function readFaults(file: string): Promise<FaultRule[]> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--faults: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseFaultFile(text, file).catch((error: unknown) => {
    throw new UsageError(`--faults: ${(error as Error).message}`);
  });
}

async function parseOptions(argv: string[]): Promise<(KubeSimOptions & { kubeconfigOut?: string; verbose: boolean; cpuReport: boolean }) | 'help'> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        fixture: { type: 'string' }, scale: { type: 'string' }, listen: { type: 'string' },
        'kubeconfig-out': { type: 'string' }, token: { type: 'string' }, verbose: { type: 'boolean' }, help: { type: 'boolean' },
        seed: { type: 'string' }, faults: { type: 'string' }, 'fault-seed': { type: 'string' }, rbac: { type: 'string' },
        deanonymize: { type: 'boolean' }, 'cpu-report': { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
  if (values.help === true) return 'help';
  if ((values.fixture === undefined) === (values.scale === undefined)) throw new UsageError('exactly one of --fixture and --scale is required');
  let scale: number | undefined;
  if (values.scale !== undefined) {
    try {
      scale = resolveScale(values.scale);
    } catch {
      throw new UsageError(`--scale expects a positive integer or small, large, huge, got '${values.scale}'`);
    }
  }
  if (values.seed !== undefined && values.scale === undefined) throw new UsageError('--seed applies to --scale');
  if (values.deanonymize === true && values.fixture === undefined) throw new UsageError('--deanonymize applies to --fixture');
  if (values.rbac !== undefined && values.rbac !== 'on' && values.rbac !== 'off') throw new UsageError(`--rbac expects on or off, got '${values.rbac}'`);
  const seed = values.seed === undefined ? undefined : nonNegativeInt('--seed', values.seed);
  const faultSeed = values['fault-seed'] === undefined ? undefined : nonNegativeInt('--fault-seed', values['fault-seed']);
  const faults = values.faults === undefined ? undefined : await readFaults(values.faults);
  if (values.fixture !== undefined && values.fixture !== 'sample' && !statSync(values.fixture, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--fixture: no such directory: ${values.fixture}`);
  }
  if (values.token === '') throw new UsageError('--token must not be empty');
  const listen = values.listen === undefined ? undefined : parseListen(values.listen);
  return {
    ...(values.fixture === undefined ? {} : { fixture: values.fixture }),
    ...(scale === undefined ? {} : { scale }),
    ...(seed === undefined ? {} : { seed }),
    ...(values.deanonymize === true ? { deanonymize: true } : {}),
    ...(values.rbac === undefined ? {} : { rbac: values.rbac === 'on' }),
    ...(faults === undefined ? {} : { faults }),
    ...(faultSeed === undefined ? {} : { faultSeed }),
    ...(listen === undefined ? {} : listen),
    ...(values.token === undefined ? {} : { token: values.token }),
    ...(values['kubeconfig-out'] === undefined ? {} : { kubeconfigOut: values['kubeconfig-out'] }),
    verbose: values.verbose === true,
    cpuReport: values['cpu-report'] === true,
  };
}

async function main(): Promise<void> {
  let options;
  try {
    options = await parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`kube-sim: ${error.message} (see --help)\n`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const { kubeconfigOut, verbose, cpuReport, ...simOptions } = options;
  let sim: KubeSim | undefined;
  closeOnSignal('kube-sim', () => sim);

  sim = await startKubeSim(simOptions, verbose ? {
    onRequest: (r) => process.stderr.write(`${r.method} ${r.path}${r.query === '' ? '' : `?${r.query}`} ${r.status}\n`),
  } : {});
  if (kubeconfigOut !== undefined) await sim.writeKubeconfig(kubeconfigOut);
  process.stdout.write(`kube-sim listening on ${sim.url} (${sim.store.count()} objects)\n`);
  if (cpuReport) serveCpuReports(sim.store, process.stdin, process.stdout);
}

main().catch((error: unknown) => {
  process.stderr.write(`kube-sim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
