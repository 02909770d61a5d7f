import { ConditionSet } from './condition-set.ts';
import { ConditionType as T, INITIALIZATION_GRACE_MS, SourceName, StatusText as S } from './condition.ts';
import type { Condition } from './condition.ts';
import { mergeSources } from './merge-sources.ts';
import type { MergedSources, StatusMessage } from './merge-sources.ts';
import type { SourceSummary } from './status-sources.ts';

/** Why the operator does not gather: no `cloud.openshift.com` token, or gathering turned off by the API. */
export type DisabledReason = 'NoToken' | 'DisabledByConfiguration';

/** Everything the conditions depend on besides the previous conditions. */
export interface StatusInput {
  /** The sources' latest summaries (`StatusSources.snapshot()`). */
  readonly sources: Iterable<SourceSummary>;
  /** Set when the operator is disabled; it then stays `Available=True` and reports no failures. */
  readonly disabled: DisabledReason | undefined;
  /** Message for `GatheringDisabled=True`; defaults to the original's text for the disabled reason. */
  readonly gatheringDisabledReason?: string;
  /** When the operator (status controller) started; sources not ready within 3 min stop counting as start-up. */
  readonly startedAt: Date;
  readonly now: Date;
  /** True when `RELEASE_VERSION` changed major or minor since the written status (see `isMajorMinorChange`). */
  readonly releaseVersionChange?: boolean;
  /**
   * Whether to write `RemoteConfigurationAvailable`/`RemoteConfigurationValid` from the
   * `RemoteConfigurationStatus` source (default true; the original skips them in tech-preview/job mode).
   */
  readonly remoteConfigurationConditions?: boolean;
}

/** Condition types primed as `Unknown` when the previous status lacks them (the original's `newConditions`). */
const PRIMED = [
  T.available, T.progressing, T.degraded, T.scaAvailable, T.clusterTransferAvailable,
  T.remoteConfigurationAvailable, T.remoteConfigurationValid, T.gatheringDisabled,
] as const;

/**
 * Computes the `insights` ClusterOperator conditions from the previous ones and the sources, with the original
 * operator's rules, reasons and messages. Pure: the same input gives the same output. Conditions it does not
 * manage (such as `Upgradeable`) are kept as they are; the result is sorted by type; a condition's
 * `lastTransitionTime` moves only when its status changes.
 */
export function computeConditions(previous: readonly Condition[], input: StatusInput): Condition[] {
  const sources = [...input.sources];
  const merged = mergeSources(sources);
  const isInitializing = !merged.allReady && input.now.getTime() - input.startedAt.getTime() < INITIALIZATION_GRACE_MS;
  const disabled: StatusMessage | undefined =
    input.disabled === undefined ? undefined : { reason: input.disabled, message: S.reportingDisabledMessage };
  const cs = new ConditionSet(previous, PRIMED, input.now);

  setGatheringDisabled(cs, input);
  if (disabled !== undefined) cs.set(T.disabled, 'True', disabled.reason, disabled.message);
  else cs.set(T.disabled, 'False', S.asExpected, '');

  const error = disabled === undefined ? merged.error : undefined;
  if (error !== undefined) cs.set(T.degraded, 'True', error.reason, error.message);
  else cs.set(T.degraded, 'False', S.asExpected, S.insightsAvailableMessage);

  setWhileFailing(cs, T.uploadDegraded, disabled === undefined ? merged.upload : undefined);
  setWhileFailing(cs, T.downloadDegraded, disabled === undefined ? merged.download : undefined);
  // Ours, not the original's: a rejected input or a full disk is visible without degrading the operator.
  setWhileFailing(cs, T.configurationDegraded, merged.configuration);
  setWhileFailing(cs, T.storageDegraded, disabled === undefined ? merged.storage : undefined);

  if (!isInitializing) {
    setByReason(cs, T.scaAvailable, find(sources, SourceName.pullingSCACerts), S.scaAvailableReason);
    setByReason(cs, T.clusterTransferAvailable, find(sources, SourceName.pullingClusterTransfer), S.clusterTransferAvailableReason);
  }
  if (input.remoteConfigurationConditions ?? true) setRemoteConfiguration(cs, merged, disabled);

  if (error !== undefined) {
    cs.set(T.progressing, 'False', S.degradedReason, S.errorMessage);
    cs.set(T.available, 'False', error.reason, error.message);
  } else {
    // Deviation from HEAD, where `Initializing` is dead code (Progressing is always primed, then overwritten).
    if (isInitializing) cs.set(T.progressing, 'True', S.initializing, S.initializingMessage);
    else cs.set(T.progressing, 'False', S.asExpected, S.monitoringMessage);
    cs.set(T.available, 'True', S.asExpected, S.insightsAvailableMessage);
  }
  if (input.releaseVersionChange === true) cs.set(T.progressing, 'True', S.upgradeReason, S.upgradeMessage);

  return cs.entries();
}

function setGatheringDisabled(cs: ConditionSet, input: StatusInput): void {
  if (input.disabled === 'DisabledByConfiguration') {
    cs.set(T.gatheringDisabled, 'True', S.disabledByConfiguration, input.gatheringDisabledReason ?? S.disabledByConfigurationMessage);
  } else if (input.disabled === 'NoToken') {
    cs.set(T.gatheringDisabled, 'True', S.noToken, input.gatheringDisabledReason ?? S.disabledWithTokenMessage);
  } else {
    cs.set(T.gatheringDisabled, 'False', S.asExpected, S.gatheringEnabledMessage);
  }
}

/** Present and True while the failure lasts, removed otherwise. */
function setWhileFailing(cs: ConditionSet, type: string, failure: StatusMessage | undefined): void {
  if (failure !== undefined) cs.set(type, 'True', failure.reason, failure.message);
  else cs.remove(type);
}

/** True iff the source's last reason is the one meaning success; untouched while the source is absent or unready. */
function setByReason(cs: ConditionSet, type: string, source: SourceSummary | undefined, availableReason: string): void {
  if (source === undefined || !source.ready) return;
  cs.set(type, source.reason === availableReason ? 'True' : 'False', source.reason, source.message);
}

function setRemoteConfiguration(cs: ConditionSet, merged: MergedSources, disabled: StatusMessage | undefined): void {
  const failure = disabled ?? merged.remoteConfig;
  if (failure === undefined) {
    cs.set(T.remoteConfigurationAvailable, 'True', S.succeeded, '');
    cs.set(T.remoteConfigurationValid, 'True', S.succeeded, '');
  } else if (disabled === undefined && failure.reason === S.remoteConfigInvalid) {
    cs.set(T.remoteConfigurationAvailable, 'True', S.succeeded, '');
    cs.set(T.remoteConfigurationValid, 'False', failure.reason, failure.message);
  } else {
    cs.set(T.remoteConfigurationAvailable, 'False', failure.reason, failure.message);
    // Without the configuration there is nothing to validate.
    cs.set(T.remoteConfigurationValid, 'Unknown', S.remoteConfigNotValidatedYet, '');
  }
}

function find(sources: readonly SourceSummary[], name: string): SourceSummary | undefined {
  return sources.find((s) => s.name === name);
}
