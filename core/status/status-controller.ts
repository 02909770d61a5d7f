import { isDeepStrictEqual } from 'node:util';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { realScheduler } from '../time/scheduler.ts';
import type { Scheduler, TimerHandle } from '../time/scheduler.ts';
import { ClusterOperatorApi, describeApiError, isConflict } from './cluster-operator-api.ts';
import type { ClusterOperatorObject } from './cluster-operator-api.ts';
import { desiredStatus, readConditions, readVersions } from './cluster-operator-status.ts';
import type { ClusterOperatorStatus } from './cluster-operator-status.ts';
import { computeConditions } from './compute-conditions.ts';
import type { DisabledReason } from './compute-conditions.ts';
import { isMajorMinorChange } from './is-major-minor-change.ts';
import type { StatusSources } from './status-sources.ts';
import { TokenBucket } from './token-bucket.ts';

/** At most one write per 30 s (after a burst of 2), as the original's limiter. */
export const DEFAULT_MIN_WRITE_INTERVAL_MS = 30_000;
/** The status is recomputed (and written when it changed) at least every 2 min, as the original. */
export const DEFAULT_RESYNC_MS = 120_000;
/** Writes allowed back to back before the interval applies. */
export const WRITE_BURST = 2;
/** A write that meets 409 Conflict re-reads the ClusterOperator and tries again this many times. */
export const CONFLICT_RETRIES = 3;
/** `status.versions` when `$RELEASE_VERSION` is not set. */
export const DEFAULT_RELEASE_VERSION = '0.0.1-snapshot';

/** Settings of a {@link StatusController}. */
export interface StatusControllerOptions {
  /** The operator's own identity (never the impersonated gather identity). */
  kubeConfig: KubeConfig;
  sources: StatusSources;
  logger: Logger;
  /** Why the operator is disabled right now, read at each write (from the config observer). */
  disabled: () => { reason: DisabledReason; message?: string } | undefined;
  /** `status.versions[operator]`; default `$RELEASE_VERSION` when set and not empty, else {@link DEFAULT_RELEASE_VERSION}. */
  releaseVersion?: string;
  /** The operator's namespace, for `relatedObjects`; default `openshift-insights`. */
  namespace?: string;
  /** When an archive was last accepted, read at each write (`status.extension.lastReportTime`). */
  lastReportTime?: () => Date | undefined;
  /** Default {@link DEFAULT_MIN_WRITE_INTERVAL_MS}. */
  minWriteIntervalMs?: number;
  /** Default {@link DEFAULT_RESYNC_MS}. */
  resyncMs?: number;
  scheduler?: Scheduler;
  now?: () => Date;
}

/**
 * Keeps `clusteroperators.config.openshift.io/insights` in line with the status sources, as the
 * original's status controller: a write at start, then on {@link trigger} or every `resyncMs`, through a
 * token bucket (one per `minWriteIntervalMs`, burst 2). Each write reads the ClusterOperator (creating it
 * when absent), computes the conditions from the ones on it, and replaces the status through the status
 * subresource unless it is already equal; a 409 Conflict re-reads and retries. A failed write is logged
 * and retried at the next resync or trigger.
 */
export class StatusController {
  readonly #options: StatusControllerOptions;
  readonly #api: ClusterOperatorApi;
  readonly #scheduler: Scheduler;
  readonly #now: () => Date;
  readonly #releaseVersion: string;
  readonly #namespace: string;
  readonly #minWriteIntervalMs: number;
  readonly #resyncMs: number;
  /** Failure messages already logged at warn since the last successful write. */
  readonly #warned = new Set<string>();
  #running = false;
  #startedAt = new Date(0);
  #bucket: TokenBucket | undefined;
  /** A write waiting for its token; triggers meanwhile join it. */
  #pendingTimer: TimerHandle | undefined;
  #resyncTimer: TimerHandle | undefined;
  #inFlight: Promise<void> | undefined;
  /** A trigger arrived while a write was in flight: that write may have read the sources before the change. */
  #dirty = false;
  #lastWritten: ClusterOperatorStatus | undefined;

  constructor(options: StatusControllerOptions) {
    const minWriteIntervalMs = options.minWriteIntervalMs ?? DEFAULT_MIN_WRITE_INTERVAL_MS;
    const resyncMs = options.resyncMs ?? DEFAULT_RESYNC_MS;
    if (!(minWriteIntervalMs > 0)) throw new RangeError(`StatusController minWriteIntervalMs: ${minWriteIntervalMs} is not a positive duration`);
    if (!(resyncMs > 0)) throw new RangeError(`StatusController resyncMs: ${resyncMs} is not a positive duration`);
    this.#options = options;
    this.#api = new ClusterOperatorApi(options.kubeConfig);
    this.#scheduler = options.scheduler ?? realScheduler;
    this.#now = options.now ?? (() => new Date());
    // An empty variable counts as unset, as in the original.
    this.#releaseVersion = options.releaseVersion ?? (process.env.RELEASE_VERSION || DEFAULT_RELEASE_VERSION);
    this.#namespace = options.namespace ?? 'openshift-insights';
    this.#minWriteIntervalMs = minWriteIntervalMs;
    this.#resyncMs = resyncMs;
  }

  /**
   * Writes the status once (without waiting for a token, as the original), then keeps it up to date.
   * Resolves when that first write is done; a failure of it is logged, not thrown, and retried at the
   * next resync. Calling it while running does nothing.
   */
  async start(): Promise<void> {
    if (this.#running) return;
    await this.#inFlight;
    this.#running = true;
    this.#startedAt = this.#now();
    this.#bucket = new TokenBucket(this.#minWriteIntervalMs, WRITE_BURST, () => this.#now().getTime());
    await this.#run();
  }

  /** A source changed: writes soon, within the rate limit; calls before that write starts make one write. */
  trigger(): void {
    if (!this.#running || this.#pendingTimer !== undefined) return;
    if (this.#inFlight !== undefined) {
      this.#dirty = true;
      return;
    }
    this.#schedule();
  }

  /** Cancels the pending write and the resync, then waits for a write in flight. Idempotent. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#dirty = false;
    this.#clear(this.#pendingTimer);
    this.#pendingTimer = undefined;
    this.#clear(this.#resyncTimer);
    this.#resyncTimer = undefined;
    await this.#inFlight;
  }

  /**
   * The status last written, or found already in place on the ClusterOperator, by this controller
   * (a copy); `undefined` before the first successful write.
   */
  lastWritten(): ClusterOperatorStatus | undefined {
    return this.#lastWritten === undefined ? undefined : structuredClone(this.#lastWritten);
  }

  #schedule(): void {
    this.#clear(this.#resyncTimer);
    this.#resyncTimer = undefined;
    const delayMs = this.#bucket?.reserve() ?? 0;
    this.#pendingTimer = this.#scheduler.setTimeout(() => {
      this.#pendingTimer = undefined;
      void this.#run();
    }, delayMs);
  }

  /** One write, then what follows it: another write if triggered meanwhile, else the resync. Never throws. */
  async #run(): Promise<void> {
    const write = this.#writeLogged();
    this.#inFlight = write;
    try {
      await write;
    } finally {
      this.#inFlight = undefined;
    }
    if (!this.#running) return;
    if (this.#dirty) {
      this.#dirty = false;
      this.#schedule();
      return;
    }
    this.#resyncTimer = this.#scheduler.setTimeout(() => {
      this.#resyncTimer = undefined;
      if (this.#running && this.#pendingTimer === undefined && this.#inFlight === undefined) this.#schedule();
    }, this.#resyncMs);
  }

  async #writeLogged(): Promise<void> {
    const { logger } = this.#options;
    try {
      const written = await this.#write();
      if (this.#warned.size > 0) logger.info({ written }, 'the insights ClusterOperator status can be written again');
      this.#warned.clear();
    } catch (error) {
      const message = describeApiError(error);
      // Once per distinct failure: an API server that is down would otherwise log at every resync.
      if (this.#warned.has(message)) {
        logger.debug({ err: message }, 'cannot write the insights ClusterOperator status; retrying at the next resync');
      } else {
        this.#warned.add(message);
        logger.warn({ err: message }, 'cannot write the insights ClusterOperator status; retrying at the next resync');
      }
    }
  }

  /** Reads, computes and writes; returns whether a PUT was needed. */
  async #write(): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        const current = (await this.#api.get()) ?? (await this.#api.create());
        const status = this.#desired(current.status);
        if (isDeepStrictEqual(status, current.status)) {
          this.#lastWritten = status;
          return false;
        }
        const written = await this.#api.replaceStatus({ ...current, status });
        this.#lastWritten = written.status ?? status;
        return true;
      } catch (error) {
        // Someone else wrote (or created) it between our read and our write: read again.
        if (!isConflict(error) || attempt >= CONFLICT_RETRIES) throw error;
        this.#options.logger.debug({ attempt: attempt + 1 }, 'the insights ClusterOperator changed while its status was written; retrying');
      }
    }
  }

  #desired(current: ClusterOperatorStatus | undefined): ClusterOperatorStatus {
    const disabled = this.#options.disabled();
    const conditions = computeConditions(readConditions(current), {
      sources: this.#options.sources.snapshot(),
      disabled: disabled?.reason,
      ...(disabled?.message === undefined ? {} : { gatheringDisabledReason: disabled.message }),
      startedAt: this.#startedAt,
      now: this.#now(),
      releaseVersionChange: isMajorMinorChange(readVersions(current), this.#releaseVersion),
    });
    return desiredStatus(current, {
      conditions,
      releaseVersion: this.#releaseVersion,
      namespace: this.#namespace,
      lastReportTime: this.#options.lastReportTime?.(),
    });
  }

  #clear(handle: TimerHandle | undefined): void {
    if (handle !== undefined) this.#scheduler.clearTimeout(handle);
  }
}

export type { ClusterOperatorObject, ClusterOperatorStatus };
