import type { Logger } from 'pino';
import type { GatheringRulesProvider, LoadedGatheringRules } from '../../plugin-api/gathering-rules.ts';
import { describeError, OperatorError } from '../errors/codes.ts';
import type { InsightsHttp } from '../insights/insights-http.ts';
import { quoteBody } from '../insights/quote-body.ts';
import { classifyStatus } from '../insights/status-class.ts';
import { redactUrl } from '../insights/redact-url.ts';
import { SourceName, StatusText } from '../status/condition.ts';
import type { StatusSources } from '../status/status-sources.ts';
import { abortableDelay } from '../time/abortable-delay.ts';
import type { Scheduler } from '../time/scheduler.ts';
import { builtInConfiguration, checkRemoteConfiguration } from './validate-remote-configuration.ts';

/** The original's backoff for the rules endpoint: 30 s, doubling, 3 attempts, capped at 3 min. */
export const RULES_BACKOFF = { initialMs: 30_000, factor: 2, attempts: 3, capMs: 180_000 } as const;

/** Largest rules document read; the published ones are a few KiB. */
const MAX_RULES_BYTES = 1024 * 1024;

/** What the service needs; all of it comes from the container. */
export interface GatheringRulesServiceDeps {
  /** The client that talks to Red Hat with the operator's token; absent → the built-in rules, always. */
  http?: InsightsHttp | undefined;
  /** The rules endpoint as configured now (`conditionalGathererEndpoint`, `%s` = release version). */
  endpoint(): string;
  /** The cluster's release version (`RELEASE_VERSION`, else the ClusterVersion's desired version). */
  releaseVersion(): Promise<string | undefined>;
  /** Where the `RemoteConfigurationStatus` source is reported, for the ClusterOperator conditions. */
  sources?: StatusSources | undefined;
  logger: Logger;
  backoff?: { initialMs: number; factor: number; attempts: number; capMs: number };
  /** Deadline of one request (default 30 s): a hanging endpoint costs at most this per attempt. */
  requestTimeoutMs?: number;
  /** Why the built-in rules are used when there is no `http` (one line, for the metadata and the log). */
  noHttpReason?: string;
  scheduler?: Scheduler;
}

type Fetched =
  | { ok: true; body: string }
  /** `retry`: whether asking again can help (a 5xx, 408, 429 or a transport failure; not a 404 or a missing token). */
  | { ok: false; reason: string; message: string; retry: boolean };

/** Why the endpoint was not asked at all: nothing to retry, no endpoint to name. */
function notAsked(message: string): Fetched & { endpoint: string } {
  return { ok: false, endpoint: '', reason: 'NotAvailable', retry: false, message };
}

/**
 * Loads the gathering rules for each gather as the original's conditional gatherer does: fetch with
 * backoff (only what can change: a 5xx, 408, 429 or a transport failure), parse and validate strictly, and on any failure fall back to the built-in rules; then report
 * `RemoteConfigurationAvailable`/`Valid` with the original's reasons. The token never leaves the
 * Insights client, and no failure of the endpoint stops the gather.
 */
export class GatheringRulesService implements GatheringRulesProvider {
  readonly #deps: GatheringRulesServiceDeps;

  constructor(deps: GatheringRulesServiceDeps) {
    this.#deps = deps;
  }

  async load(options: { signal?: AbortSignal } = {}): Promise<LoadedGatheringRules> {
    const { logger } = this.#deps;
    const fetched = await this.#fetch(options.signal);
    const endpoint = fetched.endpoint;
    if (!fetched.ok) return this.#fallback(endpoint, fetched.reason, fetched.message, false);
    const check = checkRemoteConfiguration(fetched.body);
    if (!check.valid) {
      return this.#fallback(endpoint, StatusText.remoteConfigInvalid, `the gathering rules from ${endpoint} are invalid: ${check.problem}`, true);
    }
    logger.info({ endpoint, version: check.configuration.version }, 'using the remote gathering rules');
    this.#deps.sources?.report(SourceName.remoteConfigurationStatus, { healthy: true, reason: StatusText.succeeded, message: '' });
    return {
      configuration: check.configuration, source: 'remote', endpoint,
      available: true, availableReason: StatusText.succeeded, valid: true, validReason: StatusText.succeeded, message: '',
    };
  }

  #fallback(endpoint: string, reason: string, message: string, available: boolean): LoadedGatheringRules {
    // Without a client this is how the process was built (the `gather` command), not a fault.
    const level = this.#deps.http === undefined ? 'info' : 'warn';
    this.#deps.logger[level]({ endpoint, reason }, `${message}; using the built-in gathering rules`);
    this.#deps.sources?.report(SourceName.remoteConfigurationStatus, { healthy: false, reason, message });
    return {
      configuration: builtInConfiguration(), source: 'built-in', endpoint, message,
      available, availableReason: available ? StatusText.succeeded : reason,
      valid: false, validReason: available ? StatusText.remoteConfigInvalid : 'NoValidation',
    };
  }

  async #fetch(signal: AbortSignal | undefined): Promise<Fetched & { endpoint: string }> {
    const { http } = this.#deps;
    if (http === undefined) {
      return notAsked(this.#deps.noHttpReason ?? 'no rules endpoint is reachable from this process');
    }
    const template = this.#deps.endpoint().trim();
    if (template === '') return notAsked('conditionalGathererEndpoint is empty');
    let version: string | undefined;
    try {
      version = await this.#deps.releaseVersion();
    } catch (error) {
      return notAsked(`the cluster's release version could not be read: ${describeError(error)}`);
    }
    if (version === undefined || version === '') {
      return notAsked("the cluster's release version is unknown (RELEASE_VERSION is unset and the ClusterVersion has no desired version)");
    }
    const url = template.includes('%s') ? template.replace('%s', encodeURIComponent(version)) : template;
    const endpoint = redactUrl(url);
    const backoff = this.#deps.backoff ?? RULES_BACKOFF;
    let last: Fetched = notAsked('not asked');
    for (let attempt = 1; attempt <= backoff.attempts; attempt++) {
      last = await this.#once(http, url, endpoint, signal);
      // The original retries any non-200; a 404 or a missing token only costs minutes that way.
      if (last.ok || !last.retry || signal?.aborted) break;
      if (attempt < backoff.attempts) {
        const wait = Math.min(backoff.capMs, backoff.initialMs * backoff.factor ** (attempt - 1));
        this.#deps.logger.info({ endpoint, attempt, retryInMs: wait }, `gathering rules not fetched (${last.message}); retrying`);
        try {
          await abortableDelay(wait, { signal, scheduler: this.#deps.scheduler });
        } catch {
          break;
        }
      }
    }
    return { ...last, endpoint };
  }

  async #once(http: InsightsHttp, url: string, endpoint: string, signal: AbortSignal | undefined): Promise<Fetched> {
    try {
      const res = await http.request({
        method: 'GET', url, auth: 'bearer', headers: { accept: 'application/json' }, signal,
        timeoutMs: this.#deps.requestTimeoutMs ?? 30_000, maxResponseBytes: MAX_RULES_BYTES,
      });
      if (res.statusCode === 200) return { ok: true, body: res.body.toString('utf8') };
      return {
        ok: false, reason: `HttpStatus${res.statusCode}`, retry: classifyStatus(res.statusCode) === 'retry',
        message: `GET ${endpoint} answered ${res.statusCode}${res.body.length > 0 ? `: ${quoteBody(res.body)}` : ''}`,
      };
    } catch (error) {
      // No token (or a malformed one) fails before sending: nothing to retry until the pull secret changes.
      const retry = !(error instanceof OperatorError && (error.code === 'IO_INSIGHTS_NO_TOKEN' || error.code === 'IO_INSIGHTS_BAD_TOKEN'));
      return { ok: false, reason: 'NotAvailable', retry, message: `GET ${endpoint} failed: ${describeError(error)}` };
    }
  }
}
