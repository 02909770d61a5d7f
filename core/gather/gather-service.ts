import type { Logger } from 'pino';
import { json, raw, record } from '../../plugin-api/index.ts';
import type { KubeClient } from '../../plugin-api/kube.ts';
import { describeError, operatorError } from '../errors/codes.ts';
import type { LoadResult } from '../loader/plugin-loader.ts';
import { buildGathersMetadata, METADATA_RECORD_NAME } from '../metadata/gathers-metadata.ts';
import type { GathersMetadata } from '../metadata/gathers-metadata.ts';
import { ArchiveWriter } from '../recorder/archive-writer.ts';
import type { ArchiveProtection } from '../protect/protection.ts';
import { Recorder } from '../recorder/recorder.ts';
import { removeStaleTempFiles } from '../recorder/stale-temp-files.ts';
import type { FunctionReport } from '../runner/function-report.ts';
import { runAll } from '../runner/gather-runner.ts';
import type { RunProgress } from '../runner/gather-runner.ts';
import { selectFunctions } from '../runner/selection.ts';
import type { GatherSettings } from './gather-settings.ts';

/**
 * Builds the data protection of one gather from its settings (the scrubber, and networking obfuscation
 * when `settings.obfuscation.networking`): called once per archive, before its first record.
 */
export type ProtectionFactory = (settings: GatherSettings) => Promise<ArchiveProtection>;

/** What the gather service depends on; provided by the container. */
export interface GatherServiceDeps {
  plugins: LoadResult;
  /**
   * Starts the cluster access of one gather (a fresh discovery cache, so that APIs installed since the
   * last gather are seen) and returns the client of each function, bound to its signal.
   */
  kubeSession(): (signal: AbortSignal) => KubeClient;
  logger: Logger;
  now(): Date;
  resolveService(id: string): { found: boolean; value?: unknown };
  /**
   * Data protection per gather. Absent, records are written as produced and `gathers.json` says
   * `is_global_obfuscation_enabled: false` whatever the settings ask: nothing was obfuscated.
   */
  protection?: ProtectionFactory;
}

/** The result of one gather. */
export interface GatherOutcome {
  /** The archive written, or `undefined` when gathering is disabled (`all`). */
  archivePath: string | undefined;
  reports: FunctionReport[];
  metadata: GathersMetadata | undefined;
  /** Why no archive was written, when none was. */
  reason?: string;
  /**
   * Plugins with at least one function that ran (neither disabled nor skipped), whatever its result:
   * the caller marks them with `PluginPeriods.markRan(plugin, <when the gather began>)`.
   */
  pluginsRan: string[];
  /** Record bytes stored, before compression (when an archive was written). */
  uncompressedBytes?: number;
  /** Records refused, by reason (when an archive was written). */
  droppedRecords?: Readonly<Record<string, number>>;
}

/**
 * One gather: select, run every function into a streaming archive, append `gathers.json`, publish the
 * archive atomically. A crash or a disk error leaves no `insights-*.tar.gz` behind.
 */
export class GatherService {
  readonly #deps: GatherServiceDeps;

  constructor(deps: GatherServiceDeps) {
    this.#deps = deps;
  }

  async gather(
    settings: GatherSettings,
    options: {
      signal?: AbortSignal;
      onProgress?: (progress: RunProgress) => void;
      /** Runs once selection found work, before any file is written: the cluster reachability check. */
      beforeRun?: () => Promise<void>;
      /**
       * Asked once the functions have returned: true throws the partial archive away instead of publishing
       * it (an operator shutting down; a one-shot `gather` interrupted by Ctrl-C keeps what it has).
       */
      discard?: () => boolean;
    } = {},
  ): Promise<GatherOutcome> {
    const { logger, plugins } = this.#deps;
    for (const failure of plugins.failures) logger.error({ code: failure.code, directory: failure.directory }, failure.reason);
    const selection = selectFunctions({
      plugins: plugins.plugins,
      disabled: settings.disabled,
      enabledExceptions: settings.enabledExceptions,
      timeoutMs: settings.timeoutMs,
      functionTimeoutsMs: settings.functionTimeoutsMs,
      pluginConfig: settings.pluginConfig,
      notDue: settings.notDue,
    });
    for (const name of selection.unknown) logger.warn(operatorError('IO_DISABLED_UNKNOWN', name).message);
    if (selection.allDisabled) {
      const reason = 'gathering is disabled (disabledGatherers contains "all"); no archive was written';
      logger.info(reason);
      return { archivePath: undefined, reports: selection.disabled, metadata: undefined, reason, pluginsRan: [] };
    }
    if (selection.jobs.length === 0 && selection.groups.length === 0 && selection.skipped.length > 0) {
      // Waiting for a plugin's period is normal operation, not a misconfiguration: no archive, no error.
      const notDue = [...new Set(selection.skipped.map((r) => r.plugin))];
      const reason = `no function is due (${notDue.map((p) => settings.notDue.get(p)).join('; ')}); no archive was written`;
      logger.info(reason);
      return {
        archivePath: undefined, reports: [...selection.disabled, ...selection.skipped], metadata: undefined, reason, pluginsRan: [],
      };
    }
    if (selection.jobs.length === 0 && selection.groups.length === 0) {
      throw operatorError('IO_NOTHING_SELECTED', plugins.plugins.length === 0 ? 'no plugin loaded' : 'every function is disabled');
    }

    await options.beforeRun?.();
    const removed = await removeStaleTempFiles(settings.storagePath);
    if (removed.length > 0) logger.info({ removed }, 'removed temporary archives left by an earlier run');
    // Built before the archive exists: if protection cannot be set up, no record is written unprotected.
    const protection = await this.#deps.protection?.(settings);
    const writer = await ArchiveWriter.create(settings.storagePath);
    const recorder = new Recorder(writer, { maxBytes: settings.maxArchiveBytes, transform: protection?.transform });
    const started = performance.now();
    const signal = options.signal ?? new AbortController().signal;
    try {
      const ran = await runAll(
        selection.jobs,
        {
          recorder,
          kubeFor: this.#deps.kubeSession(),
          logger,
          resolveService: this.#deps.resolveService,
          signal,
          elapsed: () => performance.now() - started,
          obfuscation: settings.obfuscation,
        },
        { concurrency: settings.concurrency, onProgress: options.onProgress },
        selection.groups,
      );
      if (options.discard?.() === true) {
        await writer.abort();
        const reason = `the gather was cancelled (${describeError(signal.reason)}); its partial archive was discarded`;
        logger.info(reason);
        return { archivePath: undefined, reports: [...ran, ...selection.disabled, ...selection.skipped], metadata: undefined, reason, pluginsRan: [] };
      }
      const reports = [...ran, ...selection.disabled, ...selection.skipped];
      const pluginsRan = [...new Set(ran.filter((r) => r.status !== 'skipped').map((r) => r.plugin))];
      const metadata = buildGathersMetadata({
        plugins: plugins.plugins,
        reports,
        failures: plugins.failures,
        unknownDisabled: selection.unknown,
        obfuscation: protection?.obfuscationEnabled ?? false,
      });
      // What protection adds (`redactions.json`) comes before `gathers.json`, which stays the last entry.
      for (const entry of (await protection?.finish()) ?? []) {
        const added = await recorder.record(record({ name: entry.name, item: raw(entry.data), alwaysStored: true }), 'core/protect');
        if (!added.stored) throw new Error(`${entry.name} was not stored: ${added.errors.join('; ')}`);
      }
      const meta = await recorder.record(record({ name: METADATA_RECORD_NAME, item: json(metadata), alwaysStored: true }), 'core/metadata');
      if (!meta.stored) throw new Error(`gathers.json was not stored: ${meta.errors.join('; ')}`);
      const archivePath = await writer.finish(this.#deps.now());
      logger.info({ archive: archivePath, records: recorder.count, bytes: recorder.bytes }, 'archive written');
      return { archivePath, reports, metadata, pluginsRan, uncompressedBytes: recorder.bytes, droppedRecords: recorder.dropped };
    } catch (error) {
      await writer.abort();
      throw error;
    }
  }
}
