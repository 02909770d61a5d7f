import type { ObservedConfig } from '../config/config-observer.ts';
import type { OperatorConfigFile } from '../config/operator-config.ts';
import { resolveGatherSettings } from '../gather/gather-settings.ts';
import type { GatherSettings } from '../gather/gather-settings.ts';

/**
 * The settings of one periodic gather: the configuration file's gather settings, with what the cluster
 * says on top — the storage path of the merged configuration, the gatherers `InsightsDataGather`
 * disables (added to the file's own list: each source can only turn things off) and the functions it
 * enables inside a disabled plugin, the obfuscations `dataReporting.obfuscation` asks for (`networking`,
 * `workload_names`) or InsightsDataGather's `dataPolicy` does (added to the file's `enableGlobalObfuscation`), and the plugins whose period has not come.
 */
export function gatherSettingsFor(
  file: Readonly<OperatorConfigFile>,
  observed: ObservedConfig,
  notDue: ReadonlyMap<string, string>,
): GatherSettings {
  const base = resolveGatherSettings(file, { storagePath: observed.config.storagePath });
  return Object.freeze({
    ...base,
    disabled: Object.freeze([...base.disabled, ...observed.gathering.disabled]),
    enabledExceptions: Object.freeze([...observed.gathering.enabledExceptions]),
    obfuscation: Object.freeze({
      networking: base.obfuscation.networking || observed.config.obfuscation.includes('networking') || observed.gathering.dataPolicy.networking,
      workloadNames: base.obfuscation.workloadNames || observed.config.obfuscation.includes('workload_names') || observed.gathering.dataPolicy.workloadNames,
    }),
    notDue,
  });
}
