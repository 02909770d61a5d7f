import type { ObfuscationPolicy } from '../../plugin-api/obfuscation.ts';
import type { OperatorConfigFile } from '../config/operator-config.ts';
import { parseDuration } from '../config/duration.ts';
import { DEFAULT_MAX_ARCHIVE_BYTES } from '../recorder/recorder.ts';
import { defaultConcurrency } from '../runner/gather-runner.ts';

/** Where archives go when neither the command line nor the configuration says. */
export const DEFAULT_STORAGE_PATH = '/var/lib/insights-operator';

/** Everything one gather needs to know, resolved from defaults, the config file and the command line. */
export interface GatherSettings {
  storagePath: string;
  disabled: readonly string[];
  /** Functions that run although their plugin is disabled (InsightsDataGather v1 `Custom`). */
  enabledExceptions: readonly string[];
  concurrency: number;
  /** Overrides every function's deadline. */
  timeoutMs: number | undefined;
  functionTimeoutsMs: Readonly<Record<string, number>>;
  maxArchiveBytes: number;
  pluginConfig: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /**
   * The data policy: `networking` turns on archive-wide networking obfuscation, `workloadNames` is
   * handed to the functions (`ctx.obfuscation`). From the file, `enableGlobalObfuscation` gives
   * networking only; the cluster's `dataReporting.obfuscation` adds to it (`gatherSettingsFor`).
   */
  obfuscation: ObfuscationPolicy;
  /**
   * Plugins whose period has not come (`PluginPeriods.notDue`), with the reason: their functions are
   * reported `skipped`. Empty unless the operator's scheduler fills it.
   */
  notDue: ReadonlyMap<string, string>;
}

/** What the command line may override. */
export interface GatherOverrides {
  storagePath?: string | undefined;
  disabled?: readonly string[] | undefined;
  concurrency?: number | undefined;
  timeout?: string | undefined;
}

/**
 * Merges defaults, then the configuration file, then the command line (each later one wins; the
 * disabled lists are added together, since each source can only turn things off).
 */
export function resolveGatherSettings(file: Readonly<OperatorConfigFile>, cli: GatherOverrides = {}): GatherSettings {
  const gather = file.gather ?? {};
  const functionTimeoutsMs: Record<string, number> = {};
  for (const [name, value] of Object.entries(gather.functionTimeouts ?? {})) {
    functionTimeoutsMs[name] = parseDuration(value, `gather.functionTimeouts["${name}"]`);
  }
  const timeoutText = cli.timeout ?? gather.functionTimeout;
  return Object.freeze({
    storagePath: cli.storagePath ?? file.storagePath ?? DEFAULT_STORAGE_PATH,
    disabled: Object.freeze([...(file.disabledGatherers ?? []), ...(cli.disabled ?? [])]),
    enabledExceptions: Object.freeze([]),
    concurrency: cli.concurrency ?? gather.concurrency ?? defaultConcurrency(),
    timeoutMs: timeoutText === undefined ? undefined : parseDuration(timeoutText, cli.timeout !== undefined ? '--timeout' : 'gather.functionTimeout'),
    functionTimeoutsMs: Object.freeze(functionTimeoutsMs),
    maxArchiveBytes: gather.maxArchiveBytes ?? DEFAULT_MAX_ARCHIVE_BYTES,
    pluginConfig: file.plugins ?? {},
    obfuscation: Object.freeze({ networking: file.enableGlobalObfuscation === true, workloadNames: false }),
    notDue: new Map<string, string>(),
  });
}
