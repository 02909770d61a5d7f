import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { describeError, errorMessage } from '../errors/codes.ts';
import { realScheduler } from '../time/scheduler.ts';
import type { Scheduler, TimerHandle } from '../time/scheduler.ts';
import { CONFIG_OBJECTS, ConfigSourceReader, GLOBAL_PULL_SECRET, INSIGHTS_DATA_GATHER } from './config-source-reader.ts';
import type { SourceRead } from './config-source-reader.ts';
import { INSIGHTS_CONFIGMAP, PULL_SECRET, SUPPORT_SECRET } from './config-sources.ts';
import type { InsightsConfigMapConfig, SupportSecretConfig } from './config-sources.ts';
import { disabledFromInsightsDataGather } from './disabled-from-insights-data-gather.ts';
import type { DataGatherSelection } from './disabled-from-insights-data-gather.ts';
import { mergeConfig } from './merge-config.ts';
import type { OperatorConfig } from './merge-config.ts';
import { ObjectWatch } from './object-watch.ts';
import type { OperatorDefaults } from './operator-defaults.ts';
import { parseInsightsConfigMap } from './parse-insights-configmap.ts';
import { parseSupportSecret } from './parse-support-secret.ts';
import { changedObservedFields } from './same-observed-config.ts';
import type { Token } from './token.ts';
import { tokenFromPullSecret } from './token-from-pull-secret.ts';
import { deepFreeze } from './deep-freeze.ts';

/** A configuration input currently rejected or unreadable; the last good value of its source stays in effect. */
export interface ConfigProblem {
  /** The object, as messages name it: `configmap openshift-insights/insights-config`. */
  readonly source: string;
  /** Names the object, the key and the problem. Never contains a token or a secret's text. */
  readonly message: string;
}

/** The configuration as the cluster sets it now. */
export interface ObservedConfig {
  /** Defaults, support secret, ConfigMap and pull-secret token, merged (`mergeConfig`). */
  readonly config: Readonly<OperatorConfig>;
  /** From `InsightsDataGather` `cluster`; nothing disabled when it is absent. */
  readonly gathering: Readonly<DataGatherSelection>;
  /** Inputs currently rejected or unreadable (their last good value is kept); parser warnings are only logged. */
  readonly problems: readonly ConfigProblem[];
}

/** What a {@link ConfigObserver} needs. */
export interface ConfigObserverOptions {
  /** The operator's own identity (`KubeConnection.operatorConfig`), never the gather identity. */
  kubeConfig: KubeConfig;
  defaults: OperatorDefaults;
  logger: Logger;
  /** Safety-net periodic re-read; default 5 minutes (the original's `checkPeriod`). */
  resyncMs?: number;
  /** Coalesces a burst of watch events into one re-read; default 200 ms. */
  debounceMs?: number;
  scheduler?: Scheduler;
  now?: () => Date;
}

/** Called with the new and the previous configuration after a re-read that changed it. */
export type ConfigListener = (next: ObservedConfig, previous: ObservedConfig) => void;

export const DEFAULT_RESYNC_MS = 5 * 60_000;
export const DEFAULT_DEBOUNCE_MS = 200;

const NOTHING_DISABLED: Readonly<DataGatherSelection> = deepFreeze({ disabled: [], enabledExceptions: [], gatheringDisabled: false, dataPolicy: { networking: false, workloadNames: false } });

/** The last good value of one source and what is wrong with its newest read. */
interface SourceState<T> {
  good: T | undefined;
  problems: ConfigProblem[];
  warnings: string[];
}

const emptyState = <T>(): SourceState<T> => ({ good: undefined, problems: [], warnings: [] });

/**
 * Watches the operator's configuration in the cluster (spec §2.3–2.7): the `support` secret, the
 * `insights-config` ConfigMap, the pull-secret token (with HyperShift's `kube-system/global-pull-secret`
 * fallback) and `InsightsDataGather` `cluster` (v1, else v1alpha1).
 *
 * Every read reads all of them (they are tiny) and merges. A source that is rejected or cannot be read
 * keeps its last good value and shows up in `problems` (logged once per distinct problem); a deleted
 * source falls back to the defaults. One watch per object triggers a debounced re-read; a periodic
 * re-read is the safety net. Listeners hear only real changes (tokens compared by value).
 */
export class ConfigObserver {
  readonly #logger: Logger;
  readonly #defaults: OperatorDefaults;
  readonly #kubeConfig: KubeConfig;
  readonly #reader: ConfigSourceReader;
  readonly #scheduler: Scheduler;
  readonly #now: () => Date;
  readonly #resyncMs: number;
  readonly #debounceMs: number;
  readonly #listeners = new Set<ConfigListener>();
  readonly #abort = new AbortController();

  #current: ObservedConfig;
  #support = emptyState<SupportSecretConfig>();
  #configMap = emptyState<InsightsConfigMapConfig>();
  #token = emptyState<Token>();
  #gathering = emptyState<DataGatherSelection>();
  /** The InsightsDataGather version that answered the last read (`undefined`: none served, or not read yet). */
  #dataGatherVersion: string | undefined;
  /** Problem and warning messages already logged, so each is said once while it lasts. */
  #said = new Set<string>();

  #starting: Promise<void> | undefined;
  /** Whether a read was applied yet: the first one is reported as what is in force, not as a change. */
  #applied = false;
  #stopped = false;
  #running: Promise<ObservedConfig> | undefined;
  #queued: Promise<ObservedConfig> | undefined;
  #debounceTimer: TimerHandle | undefined;
  #resyncTimer: TimerHandle | undefined;
  #watches: ObjectWatch[] = [];
  #dataGatherWatch: { version: string | undefined; watch: ObjectWatch | undefined } | undefined;

  constructor(options: ConfigObserverOptions) {
    this.#logger = options.logger;
    this.#defaults = options.defaults;
    this.#kubeConfig = options.kubeConfig;
    this.#reader = new ConfigSourceReader(options.kubeConfig);
    this.#scheduler = options.scheduler ?? realScheduler;
    this.#now = options.now ?? (() => new Date());
    this.#resyncMs = options.resyncMs ?? DEFAULT_RESYNC_MS;
    this.#debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.#current = Object.freeze({ config: mergeConfig(this.#defaults), gathering: NOTHING_DISABLED, problems: Object.freeze([]) });
  }

  /**
   * Reads everything once (awaited), then watches and re-reads periodically. Never throws: an unreachable
   * cluster leaves the defaults in effect, with a problem per source.
   */
  start(): Promise<void> {
    this.#starting ??= (async () => {
      await this.refresh();
      if (this.#stopped) return;
      this.#startWatches();
      this.#scheduleResync();
    })();
    return this.#starting;
  }

  /** Ends the watches, timers and any read in flight; idempotent. No listener is called afterwards. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#abort.abort();
    for (const timer of [this.#debounceTimer, this.#resyncTimer]) if (timer !== undefined) this.#scheduler.clearTimeout(timer);
    this.#debounceTimer = undefined;
    this.#resyncTimer = undefined;
    for (const watch of this.#watches) watch.stop();
    this.#watches = [];
    this.#dataGatherWatch?.watch?.stop();
    this.#dataGatherWatch = undefined;
    await this.#running?.catch(() => undefined);
  }

  /** The configuration now in effect. */
  current(): ObservedConfig {
    return this.#current;
  }

  /** Calls `listener` after each re-read that changed the configuration; returns the unsubscribe function. */
  configChanged(listener: ConfigListener): () => void {
    // Wrapped, so the same function subscribed twice is two subscriptions and each unsubscribe removes one.
    const entry: ConfigListener = (next, previous) => listener(next, previous);
    this.#listeners.add(entry);
    return () => void this.#listeners.delete(entry);
  }

  /**
   * Reads every source now and applies the result (listeners are called before this resolves). Reads do
   * not overlap: a call during a read waits for it and then reads again, once for all such calls.
   */
  refresh(): Promise<ObservedConfig> {
    if (this.#stopped) return Promise.resolve(this.#current);
    this.#queued ??= (this.#running ?? Promise.resolve(this.#current)).then(() => {
      this.#queued = undefined;
      const run = this.#readAndApply();
      this.#running = run;
      return run.finally(() => {
        if (this.#running === run) this.#running = undefined;
      });
    });
    return this.#queued;
  }

  async #readAndApply(): Promise<ObservedConfig> {
    if (this.#stopped) return this.#current;
    const signal = this.#abort.signal;
    try {
      await Promise.all([this.#readSupport(signal), this.#readConfigMap(signal), this.#readToken(signal), this.#readGathering(signal)]);
    } catch (error) {
      // The readers never throw and the parsers report through results; this is a bug, not a cluster problem.
      this.#logger.error({ err: describeError(error) }, 'reading the configuration failed unexpectedly');
      return this.#current;
    }
    if (this.#stopped) return this.#current;
    this.#apply();
    this.#reconcileDataGatherWatch();
    return this.#current;
  }

  async #readSupport(signal: AbortSignal): Promise<void> {
    const { namespace, name } = CONFIG_OBJECTS.supportSecret;
    const read = await this.#reader.secretData(namespace, name, signal);
    const state = this.#support;
    state.warnings = [];
    state.problems = [];
    if (read.state === 'failed') return void state.problems.push(unreadable(SUPPORT_SECRET, read.why));
    if (read.state === 'absent') return void (state.good = undefined);
    const result = parseSupportSecret(read.value);
    state.warnings = result.warnings;
    if (result.ok) state.good = result.config;
    else state.problems.push({ source: SUPPORT_SECRET, message: result.error.message });
  }

  async #readConfigMap(signal: AbortSignal): Promise<void> {
    const { namespace, name } = CONFIG_OBJECTS.configMap;
    const read = await this.#reader.configMapKey(namespace, name, 'config.yaml', signal);
    const state = this.#configMap;
    state.warnings = [];
    state.problems = [];
    if (read.state === 'failed') return void state.problems.push(unreadable(INSIGHTS_CONFIGMAP, read.why));
    if (read.state === 'absent') return void (state.good = undefined);
    const result = parseInsightsConfigMap(read.value);
    if (result.ok) {
      state.good = result.config;
      state.warnings = result.warnings;
    } else {
      state.problems.push({ source: INSIGHTS_CONFIGMAP, message: result.error.message });
    }
  }

  /**
   * The `cloud.openshift.com` token of `openshift-config/pull-secret`, else of the HyperShift fallback.
   * An invalid pull secret means no token (and a problem), as in the original; a secret that cannot be
   * read keeps the last token, since nothing says it changed.
   */
  async #readToken(signal: AbortSignal): Promise<void> {
    const state = this.#token;
    state.problems = [];
    const fromSecret = async (object: { namespace: string; name: string }, source: string): Promise<SourceRead<Token | undefined>> => {
      const read = await this.#reader.secretData(object.namespace, object.name, signal);
      if (read.state !== 'found') return read;
      const encoded = read.value['.dockerconfigjson'];
      if (encoded === undefined) return { state: 'found', value: undefined };
      try {
        return { state: 'found', value: tokenFromPullSecret(Buffer.from(encoded, 'base64').toString('utf8'), source) };
      } catch (error) {
        state.problems.push({ source, message: describeError(error) });
        return { state: 'found', value: undefined };
      }
    };
    const primary = await fromSecret(CONFIG_OBJECTS.pullSecret, PULL_SECRET);
    if (primary.state === 'failed') return void state.problems.push(unreadable(PULL_SECRET, primary.why));
    if (primary.state === 'found' && primary.value !== undefined) return void (state.good = primary.value);
    const fallback = await fromSecret(CONFIG_OBJECTS.globalPullSecret, GLOBAL_PULL_SECRET);
    if (fallback.state === 'failed') return void state.problems.push(unreadable(GLOBAL_PULL_SECRET, fallback.why));
    state.good = fallback.state === 'found' ? fallback.value : undefined;
  }

  async #readGathering(signal: AbortSignal): Promise<void> {
    const { read, version } = await this.#reader.insightsDataGather(signal);
    const state = this.#gathering;
    state.problems = [];
    if (read.state === 'failed') return void state.problems.push(unreadable(INSIGHTS_DATA_GATHER, read.why));
    this.#dataGatherVersion = version;
    if (read.state === 'absent') return void (state.good = undefined);
    try {
      state.good = disabledFromInsightsDataGather(read.value);
    } catch (error) {
      state.problems.push({ source: INSIGHTS_DATA_GATHER, message: describeError(error) });
    }
  }

  /** Merges the sources' last good values, logs what is new, and tells the listeners when something changed. */
  #apply(): void {
    const sources = [this.#support, this.#configMap, this.#token, this.#gathering];
    const problems = sources.flatMap((s) => s.problems);
    this.#sayOnce(problems, sources.flatMap((s) => s.warnings));
    const next: ObservedConfig = Object.freeze({
      config: mergeConfig(this.#defaults, this.#support.good, this.#configMap.good, this.#token.good),
      gathering: this.#gathering.good === undefined ? NOTHING_DISABLED : deepFreeze(structuredClone(this.#gathering.good)),
      problems: deepFreeze(problems.map((p) => ({ source: p.source, message: p.message }))),
    });
    const previous = this.#current;
    const changed = changedObservedFields(previous, next);
    const first = !this.#applied;
    this.#applied = true;
    if (first) {
      // The first read is not a change: say what is in force instead (never the values that can hold secrets).
      this.#logger.info({
        intervalMs: next.config.intervalMs, storagePath: next.config.storagePath, reportingEnabled: next.config.reporting.enabled,
        gatheringDisabled: next.gathering.gatheringDisabled, disabledGatherers: next.gathering.disabled, problems: next.problems.length,
      }, 'configuration read');
    }
    if (changed.length === 0) return;
    this.#current = next;
    // Field names only: the values may hold the token or proxy credentials.
    if (!first) this.#logger.info({ changed }, `configuration changed: ${changed.join(', ')}`);
    for (const listener of [...this.#listeners]) {
      try {
        listener(next, previous);
      } catch (error) {
        this.#logger.error({ err: describeError(error) }, 'a configuration listener failed');
      }
    }
  }

  /** One warn line per problem or parser warning, when it first appears; said again only after it went away. */
  #sayOnce(problems: readonly ConfigProblem[], warnings: readonly string[]): void {
    const now = new Set<string>();
    for (const problem of problems) {
      now.add(problem.message);
      if (!this.#said.has(problem.message)) this.#logger.warn({ source: problem.source }, problem.message);
    }
    for (const warning of warnings) {
      now.add(warning);
      if (!this.#said.has(warning)) this.#logger.warn(warning);
    }
    this.#said = now;
  }

  #startWatches(): void {
    const secrets = (namespace: string): string => `/api/v1/namespaces/${namespace}/secrets`;
    const o = CONFIG_OBJECTS;
    this.#watches = [
      this.#watch(secrets(o.supportSecret.namespace), o.supportSecret.name, SUPPORT_SECRET),
      this.#watch(`/api/v1/namespaces/${o.configMap.namespace}/configmaps`, o.configMap.name, INSIGHTS_CONFIGMAP),
      this.#watch(secrets(o.pullSecret.namespace), o.pullSecret.name, PULL_SECRET),
      this.#watch(secrets(o.globalPullSecret.namespace), o.globalPullSecret.name, GLOBAL_PULL_SECRET),
    ];
    for (const watch of this.#watches) watch.start();
    this.#dataGatherWatch = { version: undefined, watch: undefined };
    this.#reconcileDataGatherWatch();
  }

  /**
   * Watches `InsightsDataGather` in the version that answered the last read; none when no version is
   * served (the periodic re-read notices one appearing). A watch answered 404 is not reopened until the
   * served version changes.
   */
  #reconcileDataGatherWatch(): void {
    const current = this.#dataGatherWatch;
    if (current === undefined || this.#stopped || current.version === this.#dataGatherVersion) return;
    current.watch?.stop();
    const version = this.#dataGatherVersion;
    const { group, plural, name } = CONFIG_OBJECTS.insightsDataGather;
    const watch = version === undefined ? undefined : this.#watch(`/apis/${group}/${version}/${plural}`, name, INSIGHTS_DATA_GATHER);
    this.#dataGatherWatch = { version, watch };
    watch?.start();
  }

  #watch(path: string, name: string, description: string): ObjectWatch {
    return new ObjectWatch({
      kubeConfig: this.#kubeConfig, path, name, description,
      logger: this.#logger, scheduler: this.#scheduler, now: this.#now,
      // A (re)connected watch may have missed changes while it was down: read again.
      onChange: () => this.#rereadSoon(),
      onConnected: () => this.#rereadSoon(),
    });
  }

  #rereadSoon(): void {
    if (this.#stopped || this.#debounceTimer !== undefined) return;
    this.#debounceTimer = this.#scheduler.setTimeout(() => {
      this.#debounceTimer = undefined;
      void this.refresh();
    }, this.#debounceMs);
  }

  #scheduleResync(): void {
    if (this.#stopped) return;
    this.#resyncTimer = this.#scheduler.setTimeout(() => {
      this.#resyncTimer = undefined;
      void this.refresh().then(() => this.#scheduleResync());
    }, this.#resyncMs);
  }
}

function unreadable(source: string, why: string): ConfigProblem {
  return { source, message: errorMessage('IO_CONFIG_SOURCE_UNREADABLE', source, why) };
}
