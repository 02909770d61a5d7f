import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadedPlugin } from '../../core/loader/loaded-plugin.ts';
import type { FunctionReport } from '../../core/runner/function-report.ts';
import { coreServices } from '../service-ref.ts';
import { recordPathProblem } from './declared-paths.ts';
import { instrumentPlugin, Observations } from './instrument.ts';
import type { FunctionObservation } from './instrument.ts';
import { KIT_GATHER_USER, startKitCluster } from './kit-cluster.ts';
import type { KitCluster, KitClusterEnv } from './kit-cluster.ts';
import { mockServices } from './mock-services.ts';
import { loadPluginUnderTest } from './plugin-under-test.ts';
import type { PluginOrFolder } from './plugin-under-test.ts';
import { runKitGather } from './run-kit-gather.ts';
import { canarySecrets, leakedSecrets, secretNeedles } from './secret-needles.ts';
import { staticChecks } from './static-checks.ts';
import type { ContractFailure } from './static-checks.ts';

/** Options of {@link expectPluginContract}. */
export interface PluginContractOptions {
  /** The cluster of the main runs: `'empty'` (default), `'sample'`, or `{ scale }`. */
  cluster?: KitCluster;
  /** The author's objects, so that the functions have something to gather (and their paths get checked). */
  objects?: readonly object[];
  /** How soon after its signal is aborted a function must end; default 2000 ms. */
  abortBoundMs?: number;
  /** The plugin's configuration slice. */
  config?: Readonly<Record<string, unknown>>;
  /** Service id → implementation or factory; the clock is a fixed fake (`mockServices.clock.factory()`) unless given. */
  services?: Readonly<Record<string, unknown>>;
}

/** The error {@link expectPluginContract} throws: one line per failure. */
export class PluginContractError extends Error {
  /** Every failure, in the order found. */
  readonly failures: readonly ContractFailure[];

  constructor(plugin: string, failures: readonly ContractFailure[]) {
    super(`plugin "${plugin}" breaks the plugin contract (${failures.length} problem${failures.length === 1 ? '' : 's'}):\n${failures.map((f) => `  ${formatFailure(f)}`).join('\n')}`);
    this.name = 'PluginContractError';
    this.failures = failures;
  }
}

/** `<plugin>/<function>: <reason>`. */
export function formatFailure(failure: ContractFailure): string {
  return `${failure.plugin}/${failure.fn}: ${failure.reason}`;
}

const DEFAULT_ABORT_BOUND_MS = 2000;
/** Deadline of every function in the abort run: the cluster answers slower than this. */
const ABORT_DEADLINE_MS = 300;
/** Record problems listed per function before the rest are counted. */
const MAX_RECORD_PROBLEMS = 5;

/**
 * Runs every contract check and throws one {@link PluginContractError} listing all failures as
 * `<plugin>/<function>: <reason>`; resolves when there are none.
 *
 * Checks: names valid and not taken by a built-in; no function name written twice (folders); declared
 * paths relative without `..`; every record under a declared path with its marshaller's extension;
 * every Kubernetes request covered by the declared permissions (RBAC enforced: a 403 is an undeclared
 * permission); the AbortSignal honoured within `abortBoundMs`; no Secret value or canary in any record
 * (as the function produced it, before the core's scrubbing); `ok` on an empty cluster (its resources
 * absent: 404) and no panic or timeout when every request is forbidden (403: errors are expected there);
 * the same records, byte for byte, from two gathers of the same cluster with the same fixed clock; and,
 * for a folder, loading through the real loader.
 * @param pluginOrFolder - a plugin made by definePlugin, or a plugin folder
 * @param options - cluster, objects, abort bound, configuration, services
 */
export async function expectPluginContract(pluginOrFolder: PluginOrFolder, options: PluginContractOptions = {}): Promise<void> {
  const { plugin, failures } = await checkPluginContract(pluginOrFolder, options);
  if (failures.length > 0) throw new PluginContractError(plugin, failures);
}

/**
 * The checks of {@link expectPluginContract}, returning the failures instead of throwing.
 * @param pluginOrFolder - a plugin made by definePlugin, or a plugin folder
 * @param options - as for expectPluginContract
 */
export async function checkPluginContract(
  pluginOrFolder: PluginOrFolder,
  options: PluginContractOptions = {},
): Promise<{ plugin: string; failures: ContractFailure[] }> {
  const underTest = await loadPluginUnderTest(pluginOrFolder);
  const failures = await staticChecks(underTest, typeof pluginOrFolder === 'string' ? pluginOrFolder : undefined);
  if (underTest.loaded !== undefined) {
    const dir = await mkdtemp(join(tmpdir(), 'plugin-contract-'));
    try {
      failures.push(...await runtimeChecks(underTest.loaded, options, dir));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return { plugin: underTest.name, failures: dedupe(failures) };
}

async function runtimeChecks(loaded: LoadedPlugin, options: PluginContractOptions, dir: string): Promise<ContractFailure[]> {
  const failures: ContractFailure[] = [];
  const pluginName = loaded.plugin.name;
  const fail = (fn: string, reason: string) => failures.push({ plugin: pluginName, fn, reason });
  const observations = new Observations();
  const instrumented: LoadedPlugin = { ...loaded, plugin: instrumentPlugin(loaded.plugin, observations) };
  const services = { [coreServices.clock.id]: mockServices.clock.factory(), ...options.services };
  const names = Object.keys(loaded.plugin.functions);
  let runs = 0;
  const gather = async (env: KitClusterEnv, extra: { functions?: string[]; timeoutMs?: number; unprivileged?: boolean } = {}) => {
    observations.reset();
    const before = new Set(env.sim.audit);
    const storagePath = join(dir, `run-${++runs}`);
    await mkdir(storagePath, { recursive: true });
    const { outcome } = await runKitGather({
      loaded: instrumented,
      kubeconfig: extra.unprivileged === true ? env.unprivilegedKubeconfig : env.gatherKubeconfig,
      storagePath,
      config: options.config,
      services,
      functions: extra.functions,
      timeoutMs: extra.timeoutMs,
    });
    const denied = env.sim.audit.filter((a) => !before.has(a) && a.user === KIT_GATHER_USER && !a.allowed && a.info.resourceRequest);
    const report = (fn: string) => outcome.reports.find((r) => r.name === `${pluginName}/${fn}`);
    // The objects themselves, not copies: the next reset() starts new ones, and a function still
    // running after its deadline keeps writing into its own (the abort check waits on that).
    const seen = new Map(names.filter((fn) => observations.ran(fn)).map((fn) => [fn, observations.of(fn)]));
    return { denied, report, observed: (fn: string) => seen.get(fn) };
  };

  const emptyByDefault = (options.cluster ?? 'empty') === 'empty' && (options.objects ?? []).length === 0;
  const clusterLabel = emptyByDefault ? 'an empty cluster (its resources absent: 404)' : 'the test cluster';
  const main = await startKitCluster({
    cluster: options.cluster, objects: options.objects, plugins: [loaded], dir, extra: canarySecrets(options.objects ?? []),
  });
  try {
    const needles = secretNeedles(main.sim);
    for (const fn of names) {
      const first = await gather(main, { functions: [fn] });
      const second = await gather(main, { functions: [fn] });
      const seen = first.observed(fn);
      const denials = [...new Set(first.denied.map((a) => describeRequest(a.info)))];
      for (const request of denials) fail(fn, `makes a request its declared permissions do not cover (403): ${request}`);
      const refused = (seen?.thrown ?? []).filter(isRecordNameError);
      for (const thrown of refused) fail(fn, `record() refused a path: ${(thrown as Error).message}`);
      const recordProblems: string[] = [];
      for (const rec of seen?.records ?? []) {
        const problem = recordPathProblem(loaded.plugin.functions[fn]!.paths, rec.name, rec.extension);
        if (problem !== undefined) recordProblems.push(problem);
        for (const leak of rec.data === undefined ? [] : leakedSecrets(rec.data, needles)) {
          recordProblems.push(`record "${fullName(rec)}" holds a secret value (${leak.where})`);
        }
      }
      // A mistake repeats on every object gathered: the first few say it.
      for (const problem of recordProblems.slice(0, MAX_RECORD_PROBLEMS)) fail(fn, problem);
      if (recordProblems.length > MAX_RECORD_PROBLEMS) fail(fn, `and ${recordProblems.length - MAX_RECORD_PROBLEMS} more record problems like these`);
      const report = first.report(fn);
      if (report !== undefined && report.status !== 'ok' && denials.length === 0 && refused.length === 0) {
        fail(fn, `did not complete on ${clusterLabel}: ${describeReport(report)}`);
      }
      const difference = compareRecords(seen, second.observed(fn));
      if (difference !== undefined) fail(fn, `records differ between two gathers of the same cluster with the same clock: ${difference}`);
    }

    const forbidden = await gather(main, { unprivileged: true });
    for (const fn of names) {
      const report = forbidden.report(fn);
      if (report !== undefined && (report.status === 'panic' || report.status === 'timeout')) {
        fail(fn, `did not end cleanly when every request was forbidden (403; errors are fine there): ${describeReport(report)}`);
      }
    }

    failures.push(...await abortChecks(main, pluginName, names, options.abortBoundMs ?? DEFAULT_ABORT_BOUND_MS, gather));
  } finally {
    await main.sim.close();
  }

  if (!emptyByDefault) {
    const empty = await startKitCluster({ cluster: 'empty', plugins: [loaded], dir });
    try {
      const run = await gather(empty);
      for (const fn of names) {
        // One function at a time would tell whose request a 403 was; here any 403 excuses all (it is reported above).
        const report = run.report(fn);
        if (report !== undefined && report.status !== 'ok' && run.denied.length === 0) {
          fail(fn, `did not complete on an empty cluster (its resources absent: 404): ${describeReport(report)}`);
        }
      }
    } finally {
      await empty.sim.close();
    }
  }
  return failures;
}

type Gather = (env: KitClusterEnv, extra?: { functions?: string[]; timeoutMs?: number }) => Promise<{
  report: (fn: string) => FunctionReport | undefined;
  observed: (fn: string) => FunctionObservation | undefined;
}>;

/**
 * The abort check: every request answers slower than a short deadline, so each function that reads the
 * cluster (or waits on anything) is still running when its signal is aborted; the runner gives up at
 * once, and the instrumentation sees whether the function really ended within the bound.
 */
async function abortChecks(env: KitClusterEnv, plugin: string, names: readonly string[], boundMs: number, gather: Gather): Promise<ContractFailure[]> {
  const failures: ContractFailure[] = [];
  const slow = env.sim.faults.add({ latencyMs: boundMs + 2 * ABORT_DEADLINE_MS + 1000 });
  try {
    const run = await gather(env, { timeoutMs: ABORT_DEADLINE_MS });
    const pending = names.map((fn) => ({ fn, report: run.report(fn), seen: run.observed(fn) }))
      .filter((p) => p.report?.status === 'timeout' && p.seen !== undefined);
    for (const { fn, seen } of pending) {
      const abortedAt = seen!.abortedAt ?? performance.now();
      while (seen!.settledAt === undefined && performance.now() - abortedAt < boundMs) await sleep(10);
      if (seen!.settledAt === undefined) {
        failures.push({ plugin, fn, reason: `ignores its AbortSignal: still running ${boundMs} ms after the signal was aborted at its deadline` });
      }
    }
  } finally {
    slow.remove();
  }
  return failures;
}

function isRecordNameError(thrown: unknown): boolean {
  return thrown instanceof Error && thrown.message.startsWith('record name ');
}

function fullName(rec: { name: string; extension: string }): string {
  return rec.extension === '' ? rec.name : `${rec.name}.${rec.extension}`;
}

function describeRequest(info: { verb: string; apiGroup: string; resource: string; subresource: string; namespace: string; name: string }): string {
  const resource = info.subresource === '' ? info.resource : `${info.resource}/${info.subresource}`;
  return `${info.verb} ${resource}${info.apiGroup === '' ? '' : `.${info.apiGroup}`}${info.name === '' ? '' : ` "${info.name}"`}${info.namespace === '' ? ' (cluster-wide)' : ` in namespace ${info.namespace}`}`;
}

function describeReport(report: FunctionReport): string {
  return `ended "${report.status}"${report.errors.length === 0 ? '' : `: ${report.errors.join('; ')}`}`;
}

function compareRecords(a: FunctionObservation | undefined, b: FunctionObservation | undefined): string | undefined {
  const digest = (o: FunctionObservation | undefined) => new Map((o?.records ?? []).map((r) => [fullName(r), r.data === undefined ? '' : createHash('sha256').update(r.data).digest('hex')]));
  const first = digest(a);
  const second = digest(b);
  const differences: string[] = [];
  for (const [name, hash] of first) {
    if (!second.has(name)) differences.push(`"${name}" only in the first`);
    else if (second.get(name) !== hash) differences.push(`"${name}" changed`);
  }
  for (const name of second.keys()) if (!first.has(name)) differences.push(`"${name}" only in the second`);
  if (differences.length === 0) return undefined;
  return differences.length > 5 ? `${differences.slice(0, 5).join(', ')} and ${differences.length - 5} more` : differences.join(', ');
}

function dedupe(failures: readonly ContractFailure[]): ContractFailure[] {
  const seen = new Set<string>();
  return failures.filter((f) => {
    const key = formatFailure(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
