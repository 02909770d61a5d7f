/**
 * The remote gathering rules ("conditional gathering") as Red Hat publishes them, and the core service
 * that fetches, validates and falls back for them. The shapes follow the published v2 format:
 * `{version, conditional_gathering_rules, container_logs}`.
 */

/** `alert_is_firing`: true when an alert of that name is firing in the cluster's Prometheus. */
export interface AlertIsFiringCondition {
  readonly type: 'alert_is_firing';
  readonly alert: { readonly name: string };
}

/** `cluster_version_matches`: true when the cluster's version is in a semver range. */
export interface ClusterVersionMatchesCondition {
  readonly type: 'cluster_version_matches';
  readonly cluster_version_matches: { readonly version: string };
}

/** A rule's condition; all of a rule's conditions must hold for it to trigger. */
export type GatheringRuleCondition = AlertIsFiringCondition | ClusterVersionMatchesCondition;

/** One rule: conditions (ANDed) and the functions to run, by name, with their parameters. */
export interface GatheringRule {
  readonly conditions: readonly GatheringRuleCondition[];
  readonly gathering_functions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** A "rapid recommendations" request: matching lines of the logs of pods in one namespace. */
export interface ContainerLogRequest {
  readonly namespace: string;
  /** RE2 syntax. */
  readonly pod_name_regex: string;
  /** RE2 syntax, each; a line matching any of them is kept. */
  readonly messages: readonly string[];
  /** Read the previous container's log instead of the current one. */
  readonly previous?: boolean;
}

/** The whole remote configuration. */
export interface RemoteConfiguration {
  readonly version: string;
  readonly conditional_gathering_rules: readonly GatheringRule[];
  readonly container_logs: readonly ContainerLogRequest[];
}

/**
 * The outcome of loading the rules for one gather: the configuration in force (the remote one, or the
 * built-in default when the remote one could not be fetched or was invalid), and why.
 */
export interface LoadedGatheringRules {
  /** The configuration to use, always valid. */
  readonly configuration: RemoteConfiguration;
  /** `remote` when the endpoint's answer was used; `built-in` when the shipped default was. */
  readonly source: 'remote' | 'built-in';
  /** The endpoint asked (release version filled in, no credentials); `''` when none was asked. */
  readonly endpoint: string;
  /** Whether the endpoint answered with a configuration. */
  readonly available: boolean;
  /** `Succeeded`, `HttpStatus<code>` or `NotAvailable` (the original's reasons). */
  readonly availableReason: string;
  /** Whether the answer parsed and validated. */
  readonly valid: boolean;
  /** `Succeeded`, `Invalid` or `NoValidation` (nothing to validate). */
  readonly validReason: string;
  /** Why the remote configuration was not used, naming the input and the problem; `''` when it was. */
  readonly message: string;
}

/**
 * Provides the gathering rules to the conditional plugin. The core fetches them from the configured
 * rules endpoint with the operator's credentials (plugins never see the token), retries with the
 * original's backoff, validates them against the published JSON schemas (unknown fields and invalid RE2
 * patterns rejected), falls back to the built-in rules, and reports `RemoteConfigurationAvailable` and
 * `RemoteConfigurationValid` on the ClusterOperator.
 */
export interface GatheringRulesProvider {
  /** Loads the rules for this gather. Never rejects for a bad or unreachable endpoint: it falls back. */
  load(options?: { signal?: AbortSignal }): Promise<LoadedGatheringRules>;
}
