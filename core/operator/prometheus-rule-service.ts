import { isDeepStrictEqual } from 'node:util';
import { ApiException, CustomObjectsApi } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { ConfigObserver } from '../config/config-observer.ts';
import { describeError } from '../errors/codes.ts';
import { describeApiError } from '../status/cluster-operator-api.ts';
import { realScheduler } from '../time/scheduler.ts';
import type { Scheduler, TimerHandle } from '../time/scheduler.ts';
import { PROMETHEUS_RULE_API, PROMETHEUS_RULE_MANIFEST, readPrometheusRuleTemplate } from './prometheus-rule-template.ts';
import type { PrometheusRuleTemplate } from './prometheus-rule-template.ts';

/** What a {@link PrometheusRuleService} needs. */
export interface PrometheusRuleServiceOptions {
  /** The operator's own identity (`KubeConnection.operatorConfig`): the gather identity may not write. */
  kubeConfig: KubeConfig;
  /** Where `alerting.disabled` comes from, and when it changes. */
  config: Pick<ConfigObserver, 'current' | 'configChanged'>;
  logger: Logger;
  /** The PrometheusRule manifest used as the template; default `manifests/08-prometheus-rule.yaml` of this package. */
  manifestPath?: string;
  /** Re-checks the object this often, which also retries a failed write; default 5 minutes. */
  resyncMs?: number;
  scheduler?: Scheduler;
}

/** Default period of the safety-net re-check (the configuration observer's own resync). */
export const DEFAULT_PROMETHEUS_RULE_RESYNC_MS = 5 * 60_000;

/** What the last pass established about the object. */
type Observed = 'present' | 'absent' | undefined;

/**
 * Keeps the Insights alert rules (PrometheusRule `openshift-insights/insights-prometheus-rules`, from the
 * manifest) in the cluster while alerting is enabled, and out of it while `alerting.disabled` is true, as
 * the original's prometheus-rules controller does. Each pass is idempotent: get, then create when
 * missing (or delete when disabled; a 404 is the goal reached). An object whose spec was changed by
 * someone else is deleted and created again, which needs no `update` permission.
 *
 * Passes run on start, on each change of `alerting.disabled` and every `resyncMs`; they never overlap and
 * never throw: a failure is logged once (until it changes) and retried by the next pass. Each change of
 * the object's state is logged once.
 */
export class PrometheusRuleService {
  readonly #api: CustomObjectsApi;
  readonly #options: PrometheusRuleServiceOptions;
  readonly #logger: Logger;
  readonly #scheduler: Scheduler;
  readonly #resyncMs: number;
  #template: PrometheusRuleTemplate | undefined;
  /** The spec as the API server returned it for our own create, in case it normalizes what we sent. */
  #createdSpec: unknown;
  #observed: Observed;
  #lastFailure: string | undefined;
  #unsubscribe: (() => void) | undefined;
  #timer: TimerHandle | undefined;
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;
  #stopped = false;

  constructor(options: PrometheusRuleServiceOptions) {
    this.#options = options;
    this.#api = options.kubeConfig.makeApiClient(CustomObjectsApi);
    this.#logger = options.logger;
    this.#scheduler = options.scheduler ?? realScheduler;
    this.#resyncMs = options.resyncMs ?? DEFAULT_PROMETHEUS_RULE_RESYNC_MS;
  }

  /**
   * Reads the template and starts the first pass without waiting for it, so a slow API server does not
   * hold up the operator's start. An unusable template is logged and leaves the service idle: the alert
   * rules are not worth stopping the operator for.
   */
  async start(): Promise<void> {
    if (this.#stopped || this.#template !== undefined) return;
    const file = this.#options.manifestPath ?? PROMETHEUS_RULE_MANIFEST;
    try {
      this.#template = await readPrometheusRuleTemplate(file);
    } catch (error) {
      this.#logger.error({ file }, describeError(error));
      return;
    }
    this.#unsubscribe = this.#options.config.configChanged((next, previous) => {
      if (next.config.alerting.disabled !== previous.config.alerting.disabled) void this.reconcile();
    });
    void this.reconcile();
  }

  /** Ends the subscription and the timer and waits for a pass in flight; idempotent. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    if (this.#timer !== undefined) this.#scheduler.clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
    await this.#queued;
  }

  /**
   * Brings the object in line with the current configuration now. Passes do not overlap: a call during
   * a pass waits for it and then runs one more pass, once for all such calls. Never rejects.
   */
  reconcile(): Promise<void> {
    if (this.#stopped || this.#template === undefined) return Promise.resolve();
    this.#queued ??= (this.#running ?? Promise.resolve()).then(() => {
      this.#queued = undefined;
      const pass = this.#pass();
      this.#running = pass;
      return pass.finally(() => {
        if (this.#running === pass) this.#running = undefined;
      });
    });
    return this.#queued;
  }

  async #pass(): Promise<void> {
    const template = this.#template;
    if (this.#stopped || template === undefined) return;
    if (this.#timer !== undefined) this.#scheduler.clearTimeout(this.#timer);
    this.#timer = undefined;
    const disabled = this.#options.config.current().config.alerting.disabled;
    try {
      if (disabled) await this.#ensureAbsent(template);
      else await this.#ensurePresent(template);
      this.#lastFailure = undefined;
    } catch (error) {
      const message = `the Insights alert rules (PrometheusRule ${ref(template)}) could not be ${disabled ? 'deleted' : 'created'}: ${describeApiError(error)}; retrying in ${Math.round(this.#resyncMs / 1000)}s`;
      if (message !== this.#lastFailure) this.#logger.warn({ alertingDisabled: disabled }, message);
      this.#lastFailure = message;
    }
    if (!this.#stopped) this.#timer = this.#scheduler.setTimeout(() => void this.reconcile(), this.#resyncMs);
  }

  async #ensurePresent(template: PrometheusRuleTemplate): Promise<void> {
    const existing = await this.#get(template);
    if (existing !== undefined) {
      const spec = (existing as { spec?: unknown }).spec;
      const ours = isDeepStrictEqual(spec, template.spec) || (this.#createdSpec !== undefined && isDeepStrictEqual(spec, this.#createdSpec));
      if (ours) return this.#saw('present', `the Insights alert rules (PrometheusRule ${ref(template)}) are in place`);
      // Someone else changed the rules; the manifest is what this operator version ships.
      await this.#delete(template);
      this.#observed = 'absent';
      await this.#create(template);
      this.#observed = 'present';
      return void this.#logger.info(`the Insights alert rules (PrometheusRule ${ref(template)}) differed from the operator's manifest and were re-created from it`);
    }
    await this.#create(template);
    this.#observed = 'present';
    this.#logger.info(`the Insights alert rules (PrometheusRule ${ref(template)}) were created: alerting is enabled`);
  }

  async #ensureAbsent(template: PrometheusRuleTemplate): Promise<void> {
    if (await this.#delete(template)) {
      this.#observed = 'absent';
      return void this.#logger.info(`the Insights alert rules (PrometheusRule ${ref(template)}) were deleted: alerting is disabled`);
    }
    this.#saw('absent', `the Insights alert rules (PrometheusRule ${ref(template)}) are absent: alerting is disabled`);
  }

  /** Logs `message` when the object's state differs from what the last pass saw. */
  #saw(state: 'present' | 'absent', message: string): void {
    if (this.#observed === state) return;
    this.#observed = state;
    this.#logger.info(message);
  }

  async #get(t: PrometheusRuleTemplate): Promise<object | undefined> {
    try {
      return await this.#api.getNamespacedCustomObject({ ...PROMETHEUS_RULE_API, namespace: t.metadata.namespace, name: t.metadata.name }) as object;
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return undefined;
      throw error;
    }
  }

  async #create(t: PrometheusRuleTemplate): Promise<void> {
    const body = structuredClone(t);
    try {
      const created = await this.#api.createNamespacedCustomObject({ ...PROMETHEUS_RULE_API, namespace: t.metadata.namespace, body }) as { spec?: unknown };
      this.#createdSpec = created.spec;
    } catch (error) {
      // Created by a pass of an operator replica racing this one: what we wanted exists.
      if (!(error instanceof ApiException && error.code === 409)) throw error;
    }
  }

  /** Deletes the object; false when it was not there. */
  async #delete(t: PrometheusRuleTemplate): Promise<boolean> {
    try {
      await this.#api.deleteNamespacedCustomObject({ ...PROMETHEUS_RULE_API, namespace: t.metadata.namespace, name: t.metadata.name });
      return true;
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return false;
      throw error;
    }
  }
}

function ref(t: PrometheusRuleTemplate): string {
  return `${t.metadata.namespace}/${t.metadata.name}`;
}
