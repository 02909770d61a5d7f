/** Where each source lives in the cluster, as messages name them. */
export const SUPPORT_SECRET = 'secret openshift-config/support';
export const INSIGHTS_CONFIGMAP = 'configmap openshift-insights/insights-config';
export const PULL_SECRET = 'secret openshift-config/pull-secret';

/** The obfuscation kinds the original knows (`dataReporting.obfuscation`). */
export type ObfuscationValue = 'networking' | 'workload_names';

/** The operator's own proxy (not the cluster proxy). */
export interface ProxySettings {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
}

/**
 * What the `support` secret sets. A key absent from the secret is `undefined`, except the ones the
 * original always copies on merge: `proxy` (replaced wholesale, absent keys are `''`) and `scaDisabled`.
 * Durations are milliseconds as parsed (zero or negative kept: the merge rules decide).
 */
export interface SupportSecretConfig {
  intervalMs?: number | undefined;
  endpoint?: string | undefined;
  conditionalGathererEndpoint?: string | undefined;
  proxy: ProxySettings;
  enableGlobalObfuscation?: boolean | undefined;
  reportEndpoint?: string | undefined;
  reportPullingDelayMs?: number | undefined;
  reportPullingTimeoutMs?: number | undefined;
  reportMinRetryTimeMs?: number | undefined;
  scaEndpoint?: string | undefined;
  scaIntervalMs?: number | undefined;
  scaDisabled: boolean;
  clusterTransferEndpoint?: string | undefined;
  clusterTransferIntervalMs?: number | undefined;
  processingStatusEndpoint?: string | undefined;
  reportEndpointTechPreview?: string | undefined;
  disableInsightsAlerts?: boolean | undefined;
}

/**
 * What the `insights-config` ConfigMap sets. Strings absent are `''`, intervals absent are `0`
 * (both mean "not set" to the merge); booleans absent are `false`, as in the original, where an
 * existing ConfigMap therefore resets them.
 */
export interface InsightsConfigMapConfig {
  dataReporting: {
    intervalMs: number;
    uploadEndpoint: string;
    downloadEndpoint: string;
    downloadEndpointTechPreview: string;
    storagePath: string;
    conditionalGathererEndpoint: string;
    processingStatusEndpoint: string;
    obfuscation: ObfuscationValue[];
    disableRuntimeExtractor: boolean;
  };
  alerting: { disabled: boolean };
  sca: { disabled: boolean; intervalMs: number; endpoint: string };
  clusterTransfer: { intervalMs: number; endpoint: string };
  proxy: ProxySettings;
}
