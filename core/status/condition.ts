/** The status of one ClusterOperator condition, as the API spells it. */
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** One entry of `clusteroperators/insights` `status.conditions`. */
export interface Condition {
  /** Condition type, e.g. `Available`, `UploadDegraded`. */
  readonly type: string;
  readonly status: ConditionStatus;
  readonly reason: string;
  readonly message: string;
  /** RFC 3339 with second precision, as the API server stores it; changes only when `status` changes. */
  readonly lastTransitionTime: string;
}

/** Condition types the status computation manages (names as in the original operator). */
export const ConditionType = {
  available: 'Available',
  progressing: 'Progressing',
  degraded: 'Degraded',
  upgradeable: 'Upgradeable',
  disabled: 'Disabled',
  uploadDegraded: 'UploadDegraded',
  downloadDegraded: 'InsightsDownloadDegraded',
  scaAvailable: 'SCAAvailable',
  clusterTransferAvailable: 'ClusterTransferAvailable',
  remoteConfigurationAvailable: 'RemoteConfigurationAvailable',
  remoteConfigurationValid: 'RemoteConfigurationValid',
  gatheringDisabled: 'GatheringDisabled',
  /** Ours: present while a configuration input is rejected (the last good configuration stays in force). */
  configurationDegraded: 'ConfigurationDegraded',
  /** Ours: present while the disk guard refuses new archives. */
  storageDegraded: 'StorageDegraded',
} as const;

/** Names of the status sources whose failures the computation interprets (the original's operation names). */
export const SourceName = {
  uploading: 'Uploading',
  downloadingReport: 'DownloadingReport',
  pullingSCACerts: 'PullingSCACerts',
  pullingClusterTransfer: 'PullingClusterTransfer',
  remoteConfigurationStatus: 'RemoteConfigurationStatus',
  periodicGather: 'PeriodicGather',
  /** Ours: the configuration observer, unhealthy while an input is rejected. */
  configuration: 'Configuration',
  /** Ours: the disk guard, unhealthy while new archives are refused. */
  storage: 'Storage',
} as const;

/** Reasons and messages written by the computation, verbatim from the original operator. */
export const StatusText = {
  asExpected: 'AsExpected',
  succeeded: 'Succeeded',
  degradedReason: 'Degraded',
  noToken: 'NoToken',
  disabledByConfiguration: 'DisabledByConfiguration',
  initializing: 'Initializing',
  multipleFailures: 'MultipleFailures',
  unknownError: 'UnknownError',
  upgradeReason: 'Openshift Upgrade',
  remoteConfigNotValidatedYet: 'NoValidationYet',
  remoteConfigInvalid: 'Invalid',
  scaAvailableReason: 'Updated',
  clusterTransferAvailableReason: 'PullSecretUpdated',
  insightsAvailableMessage: 'Insights works as expected',
  reportingDisabledMessage: 'Health reporting is disabled',
  monitoringMessage: 'Monitoring the cluster',
  initializingMessage: 'Initializing the operator',
  errorMessage: 'An error has occurred',
  upgradeMessage: 'Cluster version is updated',
  disabledByConfigurationMessage: 'Gathering is disabled in insightsdatagather.config.openshift.io',
  gatheringEnabledMessage: 'Gathering is enabled',
  disabledWithTokenMessage: 'Gathering is disabled by removing the cloud.openshift.com field from the pull secret',
  multipleFailuresPrefix: 'There are multiple errors blocking progress:\n* ',
} as const;

/** Consecutive failed uploads tolerated before the operator reports `Degraded` (original: 5). */
export const UPLOAD_FAILURES_DEGRADED_THRESHOLD = 5;

/** How long after start unready sources keep the operator `Progressing=True/Initializing` (original: 3 min). */
export const INITIALIZATION_GRACE_MS = 3 * 60_000;

/** Formats an instant the way the API server keeps `metav1.Time`: RFC 3339, whole seconds, `Z`. */
export function formatConditionTime(at: Date): string {
  return new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
