import type { KubeClient } from './kube.ts';
import type { PluginLogger } from './logger.ts';
import type { ObfuscationPolicy } from './obfuscation.ts';

/**
 * What a gathering function receives when it runs.
 * @typeParam Services - the resolved services it declared
 */
export interface GatherContext<Services = Record<string, never>> {
  /** The cluster, as the gather identity (impersonated when the operator is configured to). */
  readonly kube: KubeClient;
  /**
   * Fires when the function's deadline passes or the whole gather is cancelled. Stop promptly: records
   * yielded after it fired are discarded.
   */
  readonly signal: AbortSignal;
  /** Logger bound to `<plugin>/<function>`. */
  readonly log: PluginLogger;
  /** The plugin's slice of the configuration (`plugins.<name>` in the config file); `{}` when absent. */
  readonly config: Readonly<Record<string, unknown>>;
  /** The services the function declared in `services`, resolved. */
  readonly services: Services;
  /**
   * The cluster's data policy for this gather (`dataReporting.obfuscation`). Read
   * `obfuscation.workloadNames` before writing workload names into a record: when it is true, leave them
   * out (see `stripWorkloadNameLabels`). Networking obfuscation is applied by the core to every record.
   * @since plugin API 1.1.0
   */
  readonly obfuscation: ObfuscationPolicy;
  /**
   * The parameters of this call, when the function is one of the plugin's `plannedFunctions` run for a
   * planner's call; `{}` otherwise.
   * @since plugin API 1.2.0
   */
  readonly params: Readonly<Record<string, unknown>>;
  /**
   * The `state` the plugin's planner returned for this gather; `undefined` when the plugin has no
   * planner, or its planning failed.
   * @since plugin API 1.2.0
   */
  readonly plan: unknown;
  /** Reports a warning without failing the function (lands under `warnings` in `gathers.json`). */
  warn(message: string | Error): void;
  /** Reports an error and carries on: the function's status becomes `error`, its records are kept. */
  reportError(error: string | Error): void;
}
