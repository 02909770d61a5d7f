import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { coreServices } from '../plugin-api/service-ref.ts';
import { composeContainer } from '../core/container/composition-root.ts';
import { Tokens } from '../core/container/tokens.ts';
import { GatherService } from '../core/gather/gather-service.ts';
import { resolveGatherSettings } from '../core/gather/gather-settings.ts';
import { connectKube } from '../core/kube/connect.ts';
import { loadPlugins } from '../core/loader/plugin-loader.ts';
import { median, timePair } from './measure.ts';
import type { BenchRow } from './measure.ts';
import { startSimProcess } from './start-sim-process.ts';



/**
 * (g) Data protection's cost: a whole gather of the `large` generated cluster (20,000 pods, the
 * simulator in its own process) with secret scrubbing and networking obfuscation (the composition
 * root's protection: known networks read, translation table loaded and stored) against the same gather
 * by a GatherService without protection. Alternating rounds after one warm-up each, median wall time.
 */
export async function benchProtectionCost(rounds = 3): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'io-bench-protect-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const sim = await startSimProcess('large', kubeconfig);
  try {
    const logger = pino({ level: 'silent' });
    const plugins = await loadPlugins();
    const connection = connectKube({ kubeconfig });
    const protectedService = composeContainer({ logger, config: {}, plugins, kube: () => connection }).resolve(Tokens.GatherService);
    const clock = { now: () => new Date() };
    const bareService = new GatherService({
      plugins,
      kubeSession: () => {
        const session = connection.client.newSession();
        return (signal) => session.withSignal(signal);
      },
      logger,
      now: clock.now,
      resolveService: (id) => (id === coreServices.clock.id ? { found: true, value: clock } : { found: false }),
    });
    // Both are asked for networking obfuscation; only the protected one has the means.
    // clusterconfig only: workloads would stop at its 8,000-pod cap on this cluster, and neither the
    // conditional plugin nor the monitoring functions have a Prometheus here (nor services in the bare one).
    const monitoring = new Set<string>([coreServices.prometheus.id, coreServices.alertmanager.id]);
    const needsMonitoring = plugins.plugins.flatMap(({ plugin }) => Object.entries(plugin.functions)
      .filter(([, fn]) => Object.values(fn.services as Record<string, { id: string }>).some((ref) => monitoring.has(ref.id)))
      .map(([name]) => `${plugin.name}/${name}`));
    const settings = resolveGatherSettings(
      { enableGlobalObfuscation: true, disabledGatherers: ['workloads', 'conditional', ...needsMonitoring] },
      { storagePath: join(dir, 'out') },
    );
    const gather = async (service: GatherService, obfuscated: boolean): Promise<void> => {
      const outcome = await service.gather(settings);
      if (outcome.metadata?.is_global_obfuscation_enabled !== obfuscated) throw new Error(`expected is_global_obfuscation_enabled ${obfuscated}`);
      if (outcome.reports.some((r) => r.status !== 'ok' && r.status !== 'disabled')) throw new Error(`a function failed: ${outcome.reports.filter((r) => r.status !== 'ok' && r.status !== 'disabled').map((r) => r.name).join(', ')}`);
      await rm(outcome.archivePath!);
    };
    await gather(bareService, false);
    await gather(protectedService, true);
    // Wall time is mostly the shared 50 QPS request limiter, the same for both: CPU time (this process;
    // the simulator runs in its own) shows what protection itself costs.
    const cpu = { protected: [] as number[], bare: [] as number[] };
    const timed = (service: GatherService, obfuscated: boolean, into: number[]) => async () => {
      const before = process.cpuUsage();
      await gather(service, obfuscated);
      const used = process.cpuUsage(before);
      into.push((used.user + used.system) / 1000);
    };
    const { candidateMs, baselineMs } = await timePair(rounds, timed(protectedService, true, cpu.protected), timed(bareService, false, cpu.bare));
    const ratio = candidateMs / baselineMs;
    const cpuRatio = median(cpu.protected) / median(cpu.bare);
    return [{
      name: '(g) large gather (20,000 pods) with scrubbing + networking obfuscation vs without',
      measured: `${(candidateMs / 1000).toFixed(2)} s protected`,
      baseline: `${(baselineMs / 1000).toFixed(2)} s unprotected`,
      ratio,
      target: '<= 1.50',
      pass: ratio <= 1.5,
    }, {
      name: '(g) the same gathers: CPU time of the gathering process',
      measured: `${(median(cpu.protected) / 1000).toFixed(2)} s CPU protected`,
      baseline: `${(median(cpu.bare) / 1000).toFixed(2)} s CPU unprotected`,
      ratio: cpuRatio,
      target: '<= 1.50',
      pass: cpuRatio <= 1.5,
    }];
  } finally {
    sim.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
}
