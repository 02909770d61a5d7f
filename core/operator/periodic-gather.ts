import { stat } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { ObservedConfig } from '../config/config-observer.ts';
import type { OperatorConfigFile } from '../config/operator-config.ts';
import { describeError } from '../errors/codes.ts';
import type { GatherOutcome, GatherService } from '../gather/gather-service.ts';
import type { LoadResult } from '../loader/plugin-loader.ts';
import type { OperatorMetrics } from '../metrics/operator-metrics.ts';
import type { DiskVerdict } from '../pruner/disk-guard.ts';
import type { PluginPeriods } from '../scheduler/plugin-periods.ts';
import { SourceName } from '../status/condition.ts';
import type { StatusSources } from '../status/status-sources.ts';
import { gatherSettingsFor } from './gather-settings-for.ts';

/** Why the operator does not gather right now, or `undefined` when it does. */
export function gatheringDisabledReason(observed: ObservedConfig): string | undefined {
  if (observed.gathering.gatheringDisabled) return 'gathering is disabled in insightsdatagather.config.openshift.io/cluster';
  if (!observed.config.reporting.enabled) return 'gathering is disabled: the pull secret has no cloud.openshift.com token';
  return undefined;
}

/** The status source of a plugin's gathering (the original's `periodic-<gatherer>`). */
export function pluginSourceName(plugin: string): string {
  return `periodic-${plugin}`;
}

/** What one periodic gather needs. */
export interface PeriodicGatherDeps {
  gatherService: GatherService;
  observed: () => ObservedConfig;
  file: Readonly<OperatorConfigFile>;
  plugins: LoadResult;
  periods: PluginPeriods;
  diskCheck: (directory: string) => Promise<DiskVerdict>;
  sources: StatusSources;
  metrics: OperatorMetrics;
  logger: Logger;
  now: () => Date;
  /** Something the status depends on changed. */
  statusChanged: () => void;
  /** A new archive was published (the uploader's trigger). */
  archived?: (path: string) => void;
}

/**
 * One gather of the running operator (the original's `periodic.Controller.Gather`): nothing while
 * gathering is disabled (no token, or the API says so) or the disk guard refuses new archives; else the
 * gather with the cluster's settings, then the metrics, the plugin periods and each plugin's status source.
 */
export class PeriodicGather {
  readonly #deps: PeriodicGatherDeps;
  #lastSkip: string | undefined;
  #last: GatherOutcome | undefined;

  constructor(deps: PeriodicGatherDeps) {
    this.#deps = deps;
    for (const loaded of deps.plugins.plugins) deps.sources.register(pluginSourceName(loaded.plugin.name));
  }

  /** The last gather's outcome, if one ran. */
  get last(): GatherOutcome | undefined {
    return this.#last;
  }

  async run(signal: AbortSignal): Promise<GatherOutcome | undefined> {
    const d = this.#deps;
    const observed = d.observed();
    const disabled = gatheringDisabledReason(observed);
    if (disabled !== undefined) {
      // Said once per reason: the operator may stay disabled for months.
      if (this.#lastSkip !== disabled) d.logger.info(disabled);
      this.#lastSkip = disabled;
      return undefined;
    }
    this.#lastSkip = undefined;

    const storagePath = observed.config.storagePath;
    const verdict = await d.diskCheck(storagePath);
    d.metrics.setStorageBlocked(!verdict.allowed);
    if (!verdict.allowed) {
      d.sources.report(SourceName.storage, { healthy: false, reason: verdict.reason, message: verdict.message });
      d.statusChanged();
      d.logger.warn({ code: verdict.reason === 'DiskUsageTooHigh' ? 'IO_DISK_GUARD_FULL' : 'IO_DISK_GUARD_UNKNOWN' }, verdict.message);
      return undefined;
    }
    d.sources.report(SourceName.storage, { healthy: true, reason: 'AsExpected', message: '' });

    const started = d.now();
    const settings = gatherSettingsFor(d.file, observed, d.periods.notDue(d.plugins.plugins, started));
    // A gather cancelled because the operator stops is thrown away: the next start gathers afresh. One cut
    // short by the interval deadline is kept, as the original keeps what it gathered.
    const outcome = await d.gatherService.gather(settings, {
      signal,
      discard: () => signal.aborted && (signal.reason as { code?: string } | undefined)?.code === 'IO_GATHER_STOPPED',
    });
    this.#last = outcome;
    const counts: Record<string, number> = {};
    for (const r of outcome.reports) if (!r.name.endsWith('/')) counts[r.status] = (counts[r.status] ?? 0) + 1;
    d.logger.info({ archive: outcome.archivePath, functions: counts, reason: outcome.reason }, outcome.archivePath === undefined ? 'gather ended without an archive' : 'gather finished');
    for (const plugin of outcome.pluginsRan) d.periods.markRan(plugin, started);
    this.#reportPlugins(outcome);
    if (outcome.archivePath !== undefined) {
      d.metrics.recordGather(outcome.reports, {
        uncompressedBytes: outcome.uncompressedBytes ?? 0,
        compressedBytes: await sizeOf(outcome.archivePath),
        droppedRecords: outcome.droppedRecords ?? {},
      });
      d.archived?.(outcome.archivePath);
    }
    d.statusChanged();
    return outcome;
  }

  /** Each plugin that ran is healthy, or `PeriodicGatherFailed` with its functions' errors. */
  #reportPlugins(outcome: GatherOutcome): void {
    for (const plugin of outcome.pluginsRan) {
      const failed = outcome.reports.filter((r) => r.plugin === plugin && r.errors.length > 0);
      const errors = [...new Set(failed.flatMap((r) => r.errors))];
      this.#deps.sources.report(pluginSourceName(plugin), errors.length === 0
        ? { healthy: true, reason: 'AsExpected', message: '' }
        : { healthy: false, reason: 'PeriodicGatherFailed', message: `Source ${plugin} could not be retrieved: ${errors.slice(0, 10).join(', ')}` });
    }
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    throw new Error(`archive ${path} vanished right after it was written: ${describeError(error)}`);
  }
}
