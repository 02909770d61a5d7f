import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Logger } from 'pino';
import type { OperatorConfig } from '../config/merge-config.ts';
import { describeError } from '../errors/codes.ts';
import type { InsightsHttp } from '../insights/insights-http.ts';
import type { OperatorMetrics } from '../metrics/operator-metrics.ts';
import { jitter } from '../pruner/jitter.ts';
import type { ArchiveFile } from '../pruner/list-archives.ts';
import { SourceName } from '../status/condition.ts';
import type { StatusReport, StatusSources } from '../status/status-sources.ts';
import { realScheduler } from '../time/scheduler.ts';
import type { Scheduler, TimerHandle } from '../time/scheduler.ts';
import { archiveEntries } from './archive-entries.ts';
import { findUploadCandidate } from './find-upload-candidate.ts';
import { quarantineArchive } from './quarantine.ts';
import { retryPolicy } from './retry-policy.ts';
import { sendArchive } from './send-archive.ts';
import { rfc3339 } from './upload-form.ts';

/** When the ingress last accepted an archive; persisted by the caller (ClusterOperator `status.extension.lastReportTime`). */
export interface LastReported {
  get(): Date | undefined;
  set(at: Date): Promise<void>;
}

/** What an {@link Uploader} needs. */
export interface UploaderOptions {
  http: InsightsHttp;
  /** The current configuration, read at every cycle (it changes at run time). */
  config: () => Readonly<OperatorConfig>;
  sources: StatusSources;
  metrics: OperatorMetrics;
  logger: Logger;
  lastReported: LastReported;
  /** An archive was accepted (the report downloader's trigger). Exceptions are logged and ignored. */
  onUploaded?: (u: { archivePath: string; requestId: string | undefined; at: Date }) => void;
  /** The `Uploading` source was just reported (the status controller may recompute). Exceptions are logged and ignored. */
  statusChanged?: () => void;
  /** Delay of the first cycle; default 90 s (the original: initial delay + 90 s; the caller adds the initial delay). */
  firstDelayMs?: number;
  /** Retries within a cycle; defaults 5 s, ×2, 60 s, interval/8. */
  retry?: { initialMs?: number; factor?: number; maxMs?: number; maxElapsedMs?: number };
  /** Base of the wait while the cluster ID is unknown, `Jitter(base, 1)`; default 15 s (the original's). */
  clusterIdRetryMs?: number;
  /** How soon a cycle follows `archiveReady()`; default 1 s. */
  archiveReadyDelayMs?: number;
  /** Largest archive sent; default 10 MiB (the original's upload cap). */
  maxUploadBytes?: number;
  scheduler?: Scheduler;
  now?: () => Date;
  random?: () => number;
}

/** The first cycle comes this long after `start()`. */
export const FIRST_UPLOAD_DELAY_MS = 90_000;
/** See {@link UploaderOptions.clusterIdRetryMs}. */
export const CLUSTER_ID_RETRY_MS = 15_000;
/** See {@link UploaderOptions.archiveReadyDelayMs}. */
export const ARCHIVE_READY_DELAY_MS = 1_000;
/** The original's upload cap (`insightsclient` `maxBytes`). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Reasons of the `Uploading` source (the original's). */
export const UploadReason = {
  /** Healthy: the original reports `Summary{Healthy: true}` with no reason. */
  healthy: '',
  /**
   * Any failure but 401/403, including an archive over the upload cap: the original fails that one the
   * same way (its capped reader breaks the request), and a newer archive supersedes it.
   */
  failed: 'UploadFailed',
  notAuthorized: 'NotAuthorized',
  summaryFailed: 'SummaryFailed',
} as const;

/**
 * The original's legacy uploader loop (`insightsuploader.Controller`) with the reliability spec's
 * retries. Each cycle takes the newest valid archive newer than the last successful upload (latest
 * wins; corrupt ones are quarantined and counted), then POSTs it, retrying transient failures within
 * the cycle. It reports the `Uploading` source once per cycle that tried to send (so `Degraded` comes
 * after 5 failed cycles) and schedules the next cycle: `Jitter(interval/8, 0.1)` after a success or
 * nothing to do, `Jitter(interval/8, 1.2)` after a failure, `Jitter(interval/2, 2)` after 401/403,
 * `Jitter(15 s, 1)` while the cluster ID is unknown. Cycles with nothing to send, the dry run and the
 * wait for a cluster ID leave the status as it is, as the original does. With reporting disabled it
 * only logs what it would send (dry run) and `lastReported` stays, as in the original. Never throws
 * from its timers; never deletes an archive it could send.
 */
export class Uploader {
  readonly #o: UploaderOptions;
  readonly #scheduler: Scheduler;
  readonly #now: () => Date;
  readonly #random: () => number;
  #started = false;
  #generation = 0;
  #timer: TimerHandle | undefined;
  /** When the pending timer fires, by `now()`. */
  #dueAt = 0;
  /** No cycle before this instant (the 401/403 slow path), by `now()`. */
  #holdUntil = 0;
  #cycle: Promise<void> | undefined;
  #abort: AbortController | undefined;
  /** Corrupt archives that could not be moved to quarantine (`path@mtime`): passed over, counted once. */
  readonly #unmovable = new Set<string>();
  /** The archive whose entries the dry run logged last (`path@mtime`), so each is listed once. */
  #dryRunLogged: string | undefined;

  constructor(options: UploaderOptions) {
    this.#o = options;
    this.#scheduler = options.scheduler ?? realScheduler;
    this.#now = options.now ?? (() => new Date());
    this.#random = options.random ?? Math.random;
  }

  /** Reports `Uploading` healthy (as the original's `Run`) and schedules the first cycle. Idempotent. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#holdUntil = 0;
    this.#report({ healthy: true, reason: UploadReason.healthy, message: '' });
    const delayMs = this.#o.firstDelayMs ?? FIRST_UPLOAD_DELAY_MS;
    const config = this.#o.config();
    this.#o.logger.info({ endpoint: config.reporting.uploadEndpoint, intervalMs: config.intervalMs, delayMs }, 'reporting status periodically');
    this.#schedule(delayMs);
  }

  /**
   * A gather just published an archive: a cycle runs shortly (coalesced), unless one is running (it
   * schedules the next itself) or the 401/403 slow path holds.
   */
  archiveReady(): void {
    if (!this.#started || this.#cycle !== undefined) return;
    const now = this.#now().getTime();
    if (now < this.#holdUntil) return;
    const delayMs = this.#o.archiveReadyDelayMs ?? ARCHIVE_READY_DELAY_MS;
    if (this.#timer !== undefined && this.#dueAt - now <= delayMs) return;
    this.#schedule(delayMs);
  }

  /**
   * The gather interval changed: the next cycle comes `Jitter(interval/8, 0.1)` from now, as the
   * original resets its upload delay, but not before the 401/403 slow path ends.
   */
  intervalChanged(): void {
    if (!this.#started || this.#cycle !== undefined) return;
    const now = this.#now().getTime();
    const delayMs = Math.max(this.#successDelay(), this.#holdUntil - now);
    this.#schedule(delayMs);
  }

  /** Cancels the pending cycle, aborts an upload in flight and waits for the cycle to end. Idempotent. */
  async stop(): Promise<void> {
    this.#started = false;
    this.#generation += 1;
    if (this.#timer !== undefined) this.#scheduler.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#abort?.abort();
    await this.#cycle;
  }

  #schedule(delayMs: number): void {
    if (this.#timer !== undefined) this.#scheduler.clearTimeout(this.#timer);
    this.#dueAt = this.#now().getTime() + delayMs;
    this.#timer = this.#scheduler.setTimeout(() => {
      this.#timer = undefined;
      this.#runCycle();
    }, delayMs);
  }

  #runCycle(): void {
    const generation = this.#generation;
    const abort = new AbortController();
    this.#abort = abort;
    const cycle = (async () => {
      let nextMs: number | undefined;
      try {
        nextMs = await this.#cycleBody(abort.signal);
      } catch (error) {
        // A bug or an unexpected file-system error must not end the loop.
        this.#o.logger.error({ err: describeError(error) }, 'the upload cycle failed unexpectedly');
        try {
          nextMs = this.#failureDelay();
        } catch {
          nextMs = FIRST_UPLOAD_DELAY_MS;
        }
      }
      this.#cycle = undefined;
      this.#abort = undefined;
      if (nextMs !== undefined && this.#started && generation === this.#generation) this.#schedule(nextMs);
    })();
    this.#cycle = cycle;
  }

  /** One cycle; the delay until the next one, or `undefined` when stopped. */
  async #cycleBody(signal: AbortSignal): Promise<number | undefined> {
    const { logger, lastReported } = this.#o;
    const config = this.#o.config();
    const chosenAt = this.#now();
    const since = lastReported.get();

    let archive: ArchiveFile | undefined;
    try {
      archive = await findUploadCandidate({
        storagePath: config.storagePath,
        since,
        skip: (a) => this.#unmovable.has(keyOf(a)),
        onCorrupt: (a, reason) => this.#quarantine(config.storagePath, a, reason),
        signal,
      });
    } catch (error) {
      if (signal.aborted) return undefined;
      this.#report({ healthy: false, reason: UploadReason.summaryFailed, message: `Unable to retrieve local insights data: ${describeError(error)}` });
      return this.#successDelay();
    }
    if (signal.aborted) return undefined;
    if (archive === undefined) {
      logger.debug({ since: since === undefined ? undefined : rfc3339(since) }, 'Nothing to report');
      return this.#successDelay();
    }

    if (!config.reporting.enabled || config.reporting.uploadEndpoint === '') {
      await this.#dryRun(archive);
      return this.#successDelay();
    }
    const maxBytes = this.#o.maxUploadBytes ?? MAX_UPLOAD_BYTES;
    if (archive.size > maxBytes) return this.#tooLarge(archive, archive.size, maxBytes);

    try {
      await this.#o.http.clusterId();
    } catch (error) {
      if (signal.aborted) return undefined;
      if ((error as { code?: unknown }).code === 'IO_INSIGHTS_NO_CLUSTER_ID') return this.#waitForClusterId();
      this.#report({ healthy: false, reason: UploadReason.failed, message: `Unable to report: ${describeError(error)}` });
      return this.#failureDelay();
    }

    let bytes: Buffer;
    try {
      bytes = await readFile(archive.path);
    } catch (error) {
      // Pruned since it was chosen: the next cycle looks again.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.#successDelay();
      this.#report({ healthy: false, reason: UploadReason.failed, message: `Unable to report: archive ${archive.name} cannot be read: ${describeError(error)}` });
      return this.#failureDelay();
    }
    if (bytes.length > maxBytes) return this.#tooLarge(archive, bytes.length, maxBytes);

    const started = this.#now().getTime();
    const outcome = await sendArchive({
      http: this.#o.http,
      endpoint: config.reporting.uploadEndpoint,
      archive: bytes,
      archiveName: archive.name,
      gatheringTime: new Date(archive.mtimeMs),
      policy: retryPolicy(config.intervalMs, this.#o.retry),
      metrics: this.#o.metrics,
      logger,
      scheduler: this.#scheduler,
      now: this.#now,
      random: this.#random,
      signal,
      secrets: [config.token],
    });
    const took = `${this.#now().getTime() - started} ms`;
    switch (outcome.kind) {
      case 'stopped':
        return undefined;
      case 'no-cluster-id':
        return this.#waitForClusterId();
      case 'unauthorized': {
        logger.info({ archive: archive.name, statusCode: outcome.statusCode, took }, `Unable to upload report: ${outcome.message}`);
        this.#report({ healthy: false, reason: UploadReason.notAuthorized, message: `Reporting was not allowed: ${outcome.message}`, httpStatusCode: outcome.statusCode });
        const delayMs = jitter(this.#o.config().intervalMs / 2, 2, this.#random);
        this.#holdUntil = this.#now().getTime() + delayMs;
        return delayMs;
      }
      case 'failed':
        logger.info({ archive: archive.name, statusCode: outcome.statusCode, attempts: outcome.attempts, took }, `Unable to upload report: ${outcome.message}`);
        this.#report({
          healthy: false, reason: UploadReason.failed, message: `Unable to report: ${outcome.message}`,
          ...(outcome.statusCode === undefined ? {} : { httpStatusCode: outcome.statusCode }),
        });
        return this.#failureDelay();
      case 'uploaded':
        break;
    }

    const at = reportedAt(chosenAt, archive);
    try {
      await lastReported.set(at);
    } catch (error) {
      logger.error({ err: describeError(error) }, 'the last report time could not be saved; the archive may be uploaded again after a restart');
    }
    logger.info({ archive: archive.name, requestId: outcome.requestId, statusCode: outcome.statusCode, attempts: outcome.attempts, took }, 'Uploaded report successfully');
    this.#report({ healthy: true, reason: UploadReason.healthy, message: '' });
    try {
      this.#o.onUploaded?.({ archivePath: archive.path, requestId: outcome.requestId, at });
    } catch (error) {
      logger.warn({ err: describeError(error) }, 'the upload callback failed');
    }
    return this.#successDelay();
  }

  async #quarantine(storagePath: string, archive: ArchiveFile, reason: string): Promise<void> {
    const { logger, metrics } = this.#o;
    try {
      const moved = await quarantineArchive(storagePath, archive.path);
      metrics.countCorruptArchive();
      logger.warn({ archive: archive.name, reason, quarantinedAs: moved.path, deletedFromQuarantine: moved.deleted.map((p) => basename(p)) },
        `archive ${archive.name} is corrupt and will not be uploaded; it was moved to quarantine: ${reason}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      this.#unmovable.add(keyOf(archive));
      metrics.countCorruptArchive();
      logger.warn({ archive: archive.name, reason, err: describeError(error) },
        `archive ${archive.name} is corrupt and will not be uploaded; it could not be moved to quarantine and is skipped: ${reason}`);
    }
  }

  async #dryRun(archive: ArchiveFile): Promise<void> {
    const key = keyOf(archive);
    if (this.#dryRunLogged === key) return;
    this.#dryRunLogged = key;
    const { logger } = this.#o;
    logger.info({ archive: archive.name }, 'Display report that would be sent');
    try {
      for (const entry of await archiveEntries(archive.path)) {
        const mtime = entry.mtime === undefined ? '' : rfc3339(entry.mtime);
        logger.info({ archive: archive.name }, `Dry-run: ${mtime} ${String(entry.size).padStart(7)} ${entry.name}`);
      }
    } catch (error) {
      logger.error({ archive: archive.name, err: describeError(error) }, 'Unable to log upload');
    }
  }

  #tooLarge(archive: ArchiveFile, size: number, maxBytes: number): number {
    this.#report({
      healthy: false, reason: UploadReason.failed,
      message: `Unable to report: archive ${archive.name} is ${size} bytes, over the ${maxBytes}-byte upload limit; it was not sent and stays on disk until a newer archive supersedes it`,
    });
    return this.#failureDelay();
  }

  #waitForClusterId(): number {
    this.#o.logger.info('the cluster ID is not known yet; the upload waits for clusterversions/version');
    return jitter(this.#o.clusterIdRetryMs ?? CLUSTER_ID_RETRY_MS, 1, this.#random);
  }

  #successDelay(): number {
    return jitter(this.#o.config().intervalMs / 8, 0.1, this.#random);
  }

  #failureDelay(): number {
    return jitter(this.#o.config().intervalMs / 8, 1.2, this.#random);
  }

  #report(report: StatusReport): void {
    this.#o.sources.report(SourceName.uploading, report);
    try {
      this.#o.statusChanged?.();
    } catch (error) {
      this.#o.logger.warn({ err: describeError(error) }, 'the status callback failed');
    }
  }
}

function keyOf(archive: ArchiveFile): string {
  return `${archive.path}@${archive.mtimeMs}`;
}

/**
 * The last report time saved after a success: when the cycle chose the archive (as the original takes
 * its time before sending), so an archive written while the upload was retried stays eligible; never
 * before the uploaded archive's own mtime (clock skew would send it again); rounded up to whole seconds
 * because the ClusterOperator keeps whole seconds, and rounding down would make the archive eligible
 * again after a restart.
 */
export function reportedAt(chosenAt: Date, archive: Pick<ArchiveFile, 'mtimeMs'>): Date {
  const ms = Math.max(chosenAt.getTime(), archive.mtimeMs);
  return new Date(Math.ceil(ms / 1000) * 1000);
}
