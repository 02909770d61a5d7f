import { pino } from 'pino';
import type { Logger } from 'pino';
import { composeContainer } from '../../core/container/composition-root.ts';
import { Tokens } from '../../core/container/tokens.ts';
import { resolveGatherSettings } from '../../core/gather/gather-settings.ts';
import type { GatherOutcome } from '../../core/gather/gather-service.ts';
import { connectKube } from '../../core/kube/connect.ts';
import type { LoadedPlugin } from '../../core/loader/loaded-plugin.ts';
import { coreServices } from '../service-ref.ts';
import type { Clock } from '../service-ref.ts';
import { resolveServiceOption } from './mock-services.ts';
import { loadResultOf } from './plugin-under-test.ts';
import { readArchiveRecords } from './read-archive.ts';
import type { ArchiveRecord } from './read-archive.ts';

/** One gather of the plugin under test through the real core. */
export interface KitGatherInput {
  loaded: LoadedPlugin;
  kubeconfig: string;
  storagePath: string;
  /** The plugin's configuration slice (`plugins.<name>` of the operator configuration). */
  config?: Readonly<Record<string, unknown>> | undefined;
  /** Service id → implementation or factory. */
  services?: Readonly<Record<string, unknown>> | undefined;
  /** Only these functions (the others are disabled). */
  functions?: readonly string[] | undefined;
  /** Every function's deadline, in place of its own. */
  timeoutMs?: number | undefined;
  logger?: Logger | undefined;
}

/** What the gather produced. */
export interface KitGatherOutput {
  outcome: GatherOutcome;
  /** Every file of the archive, `insights-operator/gathers.json` included. */
  files: ArchiveRecord[];
}

/**
 * Runs one gather through the composition root's GatherService (selection, runner, recorder, data
 * protection, `gathers.json`) with only the plugin under test loaded, and reads the archive back.
 * @param input - the plugin, the cluster's kubeconfig and the options
 */
export async function runKitGather(input: KitGatherInput): Promise<KitGatherOutput> {
  const { plugin } = input.loaded;
  const names = Object.keys(plugin.functions);
  const unknown = (input.functions ?? []).filter((fn) => !names.includes(fn));
  if (unknown.length > 0) throw new Error(`plugin "${plugin.name}" has no function ${unknown.map((n) => `"${n}"`).join(', ')} (it has ${names.join(', ')})`);
  const only = input.functions === undefined ? undefined : new Set(input.functions);
  const disabled = only === undefined ? [] : names.filter((fn) => !only.has(fn)).map((fn) => `${plugin.name}/${fn}`);
  const services = resolveServiceOption(input.services);
  const clock = services[coreServices.clock.id] as Clock | undefined;
  const container = composeContainer({
    logger: input.logger ?? pino({ level: 'silent' }),
    config: {},
    plugins: loadResultOf(input.loaded),
    kube: () => connectKube({ kubeconfig: input.kubeconfig }),
    services,
    ...(clock === undefined ? {} : { clock }),
  });
  const base = resolveGatherSettings({ plugins: { [plugin.name]: { ...(input.config ?? {}) } } }, { storagePath: input.storagePath, disabled });
  const settings = input.timeoutMs === undefined ? base : { ...base, timeoutMs: input.timeoutMs };
  const outcome = await container.resolve(Tokens.GatherService).gather(settings);
  if (outcome.archivePath === undefined) throw new Error(`the gather wrote no archive: ${outcome.reason ?? 'no reason given'}`);
  return { outcome, files: await readArchiveRecords(outcome.archivePath) };
}
