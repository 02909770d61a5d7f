import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { OperatorConfig } from '../config/merge-config.ts';
import { describeError, OperatorError } from '../errors/codes.ts';
import type { InsightsHttp, InsightsResponse } from '../insights/insights-http.ts';
import { quoteBody } from '../insights/quote-body.ts';
import { redactUrl } from '../insights/redact-url.ts';
import type { OperatorMetrics } from '../metrics/operator-metrics.ts';
import { jitter } from '../pruner/jitter.ts';
import { describeApiError } from '../status/cluster-operator-api.ts';
import { SourceName } from '../status/condition.ts';
import type { StatusReport, StatusSources } from '../status/status-sources.ts';
import { abortableDelay, untilAborted } from '../time/abortable-delay.ts';
import { realScheduler } from '../time/scheduler.ts';
import type { Scheduler } from '../time/scheduler.ts';
import { writeInsightsReportStatus } from './insights-operator-status.ts';
import { parseReport } from './parse-report.ts';
import { healthChecksOf, summarizeReport } from './report-summary.ts';
import type { SmartProxyReport } from './report-types.ts';

/** The original's hard-coded deadline of one report retrieval (`reportDownloadTimeout`). */
export const REPORT_DOWNLOAD_TIMEOUT_MS = 5 * 60_000;
/** Retries after a 404 (or no cluster ID yet) before `NotAvailable` (the original's `retryThreshold`). */
export const REPORT_RETRY_THRESHOLD = 2;
/** Largest report body read: reports are tens of KiB, but one with hundreds of rules must not hit the client's 1 MiB default. */
const MAX_REPORT_BYTES = 8 * 1024 * 1024;

/** Reasons of the `DownloadingReport` source (the original's words). */
export const ReportReason = {
  asExpected: 'AsExpected',
  notAvailable: 'NotAvailable',
  notAuthorized: 'NotAuthorized',
  unexpectedError: 'UnexpectedError',
} as const;

/** The uploader's news of an accepted archive. */
export interface ArchiveUploaded {
  /** The ingress's `x-rh-insights-request-id`, when it sent one. */
  requestId?: string | undefined;
  at: Date;
}

/** Options of {@link ReportDownloader}. */
export interface ReportDownloaderOptions {
  http: InsightsHttp;
  config: () => Readonly<OperatorConfig>;
  sources: StatusSources;
  metrics?: OperatorMetrics | undefined;
  /** The operator's own identity, to write the InsightsOperator status; without it that write is skipped. */
  kubeConfig?: KubeConfig | undefined;
  logger: Logger;
  scheduler?: Scheduler | undefined;
  now?: (() => Date) | undefined;
  /** Source of the delays' jitter (`Math.random` by default). */
  random?: (() => number) | undefined;
  /** Deadline of one retrieval, delays included (default {@link REPORT_DOWNLOAD_TIMEOUT_MS}). */
  timeoutMs?: number | undefined;
}

/** How one pull ended: finished (whatever the outcome), or worth another try (404, no cluster ID yet). */
type PullResult = { done: true } | { done: false; why: string };

/** Marks the retrieval's own deadline as the abort reason, to tell it from `stop()`. */
class RetrievalTimeout extends Error {}

/**
 * Downloads the Insights report after each upload (`pkg/insights/insightsreport`): waits
 * `Jitter(reporting.pullingDelay, 0.1)`, GETs the report for the cluster ID, retries a 404 up to twice
 * after `Jitter(reporting.minRetry, 0.1)`, all within a 5-minute deadline. A new report (its
 * `last_checked_at` differs from the last one's) updates `health_statuses_insights`,
 * `insights_recommendation_active`, the recvreport counter and `InsightsOperator` `status.insightsReport`.
 * The source `DownloadingReport` drives `InsightsDownloadDegraded`. An upload signalled while a
 * retrieval runs is dropped, as the original's non-blocking channel send drops it.
 */
export class ReportDownloader {
  readonly #o: ReportDownloaderOptions;
  readonly #scheduler: Scheduler;
  readonly #now: () => Date;
  readonly #random: () => number;
  #lastCheckedAt: string | undefined;
  #current: { abort: AbortController; done: Promise<void> } | undefined;
  #stopped = false;

  constructor(options: ReportDownloaderOptions) {
    this.#o = options;
    this.#scheduler = options.scheduler ?? realScheduler;
    this.#now = options.now ?? (() => new Date());
    this.#random = options.random ?? Math.random;
  }

  /** Registers the status source as healthy (the original reports so when its loop starts). */
  start(): void {
    this.#stopped = false;
    this.#report({ healthy: true, reason: ReportReason.asExpected, message: '' });
    const cfg = this.#o.config();
    this.#o.logger.info(
      { endpoint: redactUrl(cfg.reporting.downloadEndpoint), delayMs: cfg.reporting.pullingDelayMs },
      'Insights reports will be downloaded after each upload',
    );
  }

  /** Starts a retrieval for an accepted upload, unless one is running (then the trigger is dropped). */
  archiveUploaded(upload: ArchiveUploaded): void {
    if (this.#stopped) return;
    if (this.#current !== undefined) {
      this.#o.logger.info({ requestId: upload.requestId }, 'a report download is already in progress; this upload does not start another');
      return;
    }
    const abort = new AbortController();
    const done = this.#retrieve(upload, abort.signal)
      .catch((error: unknown) => this.#o.logger.error({ err: describeError(error) }, 'report retrieval failed unexpectedly'))
      .finally(() => {
        if (this.#current?.abort === abort) this.#current = undefined;
      });
    this.#current = { abort, done };
  }

  /** Resolves when no retrieval is running (for tests and orderly shutdowns). */
  async idle(): Promise<void> {
    await this.#current?.done;
  }

  /** Aborts the running retrieval (request and timers) and ignores later uploads until `start()`. */
  async stop(): Promise<void> {
    this.#stopped = true;
    const current = this.#current;
    current?.abort.abort();
    await current?.done;
  }

  async #retrieve(upload: ArchiveUploaded, stop: AbortSignal): Promise<void> {
    const { config, logger } = this.#o;
    const timeoutMs = this.#o.timeoutMs ?? REPORT_DOWNLOAD_TIMEOUT_MS;
    const deadline = new AbortController();
    const timer = this.#scheduler.setTimeout(() => deadline.abort(new RetrievalTimeout()), timeoutMs);
    const signal = AbortSignal.any([stop, deadline.signal]);
    try {
      const delayMs = jitter(config().reporting.pullingDelayMs, 0.1, this.#random);
      logger.info({ requestId: upload.requestId, delayMs: Math.round(delayMs) }, 'archive uploaded; the report will be pulled after a delay');
      await abortableDelay(delayMs, { scheduler: this.#scheduler, signal });
      for (let retries = 0; ; retries += 1) {
        const result = await this.#pull(signal);
        if (result.done) return;
        if (retries >= REPORT_RETRY_THRESHOLD) {
          this.#unhealthy(ReportReason.notAvailable, `Couldn't download the latest report: ${result.why}`);
          return;
        }
        const retryMs = jitter(config().reporting.minRetryMs, 0.1, this.#random);
        logger.info({ retryMs: Math.round(retryMs), why: result.why }, 'report not available yet; trying again later');
        await abortableDelay(retryMs, { scheduler: this.#scheduler, signal });
      }
    } catch (error) {
      if (stop.aborted) return;
      if (deadline.signal.aborted) {
        this.#unhealthy(ReportReason.notAvailable, `Couldn't download the latest report within ${timeoutMs} ms`);
        return;
      }
      throw error;
    } finally {
      this.#scheduler.clearTimeout(timer);
    }
  }

  /** One GET of the report (the original's `PullSmartProxy`). Rejects only when `signal` aborts. */
  async #pull(signal: AbortSignal): Promise<PullResult> {
    const { config, http, logger } = this.#o;
    const cfg = config();
    const endpoint = cfg.reporting.downloadEndpoint;
    if (endpoint === '') {
      logger.info('not downloading the report: no report endpoint is configured');
      return { done: true };
    }
    let clusterId: string;
    try {
      clusterId = await http.clusterId();
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof OperatorError && error.code === 'IO_INSIGHTS_NO_CLUSTER_ID') return { done: false, why: describeError(error) };
      return this.#unexpected(`Failed to download the latest report: ${describeError(error)}`);
    }
    const url = endpoint.replace('%s', encodeURIComponent(clusterId));
    const shownUrl = redactUrl(url);
    logger.info({ url: shownUrl }, 'retrieving the Insights report');
    let response: InsightsResponse;
    try {
      response = await http.request({ method: 'GET', url, auth: 'bearer', signal, maxResponseBytes: MAX_REPORT_BYTES });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      return this.#unexpected(`Failed to download the latest report: ${describeError(error)}`);
    }
    const quoted = (): string => quoteBody(response.body, [cfg.token]);
    const request = response.requestId ?? '';
    if (response.statusCode === 404) return { done: false, why: `not found: ${shownUrl} (request=${request}): ${quoted()}` };
    if (response.statusCode === 401 || response.statusCode === 403) {
      const why = response.statusCode === 401
        ? 'your Red Hat account is not enabled for remote support or your token has expired'
        : 'your Red Hat account is not enabled for remote support';
      this.#unhealthy(ReportReason.notAuthorized, `Auth rejected for downloading latest report: ${why}`);
      return { done: true };
    }
    if (response.statusCode !== 200) {
      return this.#unexpected(
        `Failed to download the latest report: gateway server reported unexpected error code: ${response.statusCode} (request=${request}): ${quoted()}`,
      );
    }
    const downloadedAt = this.#now();
    const parsed = parseReport(response.body);
    if (!parsed.ok) return this.#unexpected(`The report response cannot be parsed: ${parsed.problem}`);
    const report = parsed.report;
    if (this.#lastCheckedAt !== undefined && report.meta.last_checked_at === this.#lastCheckedAt) {
      logger.info({ lastCheckedAt: report.meta.last_checked_at }, 'report not updated: it is the same as the previous one');
      return { done: true };
    }
    const summary = summarizeReport(report, cfg.alerting.disabled);
    if (summary.withoutErrorKey.length > 0) {
      logger.warn({ rules: summary.withoutErrorKey }, 'recommendations without an error key are not reported as active');
    }
    const metrics = this.#o.metrics;
    metrics?.setClusterId(clusterId);
    metrics?.setHealthStatuses(summary.counts);
    metrics?.setActiveRecommendations(summary.recommendations);
    await this.#writeOperatorStatus(report, clusterId, downloadedAt, signal);
    metrics?.countReportReceived(response.statusCode);
    this.#lastCheckedAt = report.meta.last_checked_at;
    logger.info({ counts: summary.counts, lastCheckedAt: report.meta.last_checked_at }, 'Insights report retrieved');
    this.#report({ healthy: true, reason: ReportReason.asExpected, message: '' });
    return { done: true };
  }

  async #writeOperatorStatus(report: SmartProxyReport, clusterId: string, downloadedAt: Date, signal: AbortSignal): Promise<void> {
    const kubeConfig = this.#o.kubeConfig;
    if (kubeConfig === undefined) return;
    try {
      const written = await untilAborted(writeInsightsReportStatus(kubeConfig, { downloadedAt, healthChecks: healthChecksOf(report, clusterId) }), signal);
      if (!written) this.#o.logger.debug('no InsightsOperator "cluster" to write the report summary to');
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      this.#o.logger.error({ err: describeApiError(error) }, 'failed to update the InsightsOperator status with the report');
    }
  }

  #unexpected(message: string): PullResult {
    this.#unhealthy(ReportReason.unexpectedError, message);
    return { done: true };
  }

  #unhealthy(reason: string, message: string): void {
    this.#o.logger.error({ reason }, message);
    this.#report({ healthy: false, reason, message });
  }

  #report(report: StatusReport): void {
    this.#o.sources.report(SourceName.downloadingReport, report);
  }
}
