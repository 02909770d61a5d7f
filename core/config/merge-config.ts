import type { InsightsConfigMapConfig, ObfuscationValue, ProxySettings, SupportSecretConfig } from './config-sources.ts';
import type { OperatorDefaults } from './operator-defaults.ts';
import type { OperatorConfigFile } from './operator-config.ts';
import type { Token } from './token.ts';
import { deepFreeze } from './deep-freeze.ts';

/** The operator's effective configuration: every source merged. Deeply frozen. */
export interface OperatorConfig {
  storagePath: string;
  impersonate: string;
  intervalMs: number;
  reporting: {
    /** Upload endpoint and token both present (from pod.yaml + support secret, as the original). */
    enabled: boolean;
    uploadEndpoint: string;
    downloadEndpoint: string;
    downloadEndpointTechPreview: string;
    processingStatusEndpoint: string;
    conditionalGathererEndpoint: string;
    pullingDelayMs: number;
    pullingTimeoutMs: number;
    minRetryMs: number;
  };
  obfuscation: readonly ObfuscationValue[];
  disableRuntimeExtractor: boolean;
  alerting: { disabled: boolean };
  sca: { disabled: boolean; intervalMs: number; endpoint: string };
  clusterTransfer: { intervalMs: number; endpoint: string };
  proxy: ProxySettings;
  /** The pull-secret token; prints as `[REDACTED]`. */
  token: Token | undefined;
  /** This implementation's settings from the configuration file (`gather`, `disabledGatherers`, ...). */
  file: Readonly<OperatorConfigFile>;
}

/**
 * Merges the sources with the original's precedence, configmap > support secret > pod.yaml (spec §2.4):
 * 1. the secret overlays the defaults: non-empty strings and > 0 durations win, the report pulling delay
 *    wins when >= 0; `enableGlobalObfuscation` and `disableInsightsAlerts` are OR-ed; `scaDisabled` and the
 *    proxy settings are always taken from the secret (the proxy wholesale);
 * 2. reporting is enabled only with an upload endpoint and a token (so removing the `cloud.openshift.com`
 *    auth disables it, and the configmap cannot re-enable it);
 * 3. `enableGlobalObfuscation` becomes obfuscation `[networking]`;
 * 4. the configmap overlays that: non-empty strings and non-zero intervals win, obfuscation lists are
 *    appended (without repeats), and its booleans always win, so an existing configmap resets
 *    `alerting.disabled`, `sca.disabled` and `disableRuntimeExtractor` to false unless it sets them.
 * Pure: pass the last good secret/configmap config when a newer one was rejected.
 */
export function mergeConfig(
  defaults: OperatorDefaults,
  secret?: SupportSecretConfig,
  configMap?: InsightsConfigMapConfig,
  token?: Token,
): Readonly<OperatorConfig> {
  const d = defaults;
  const s = secret;
  const text = (base: string, over: string | undefined): string => (over !== undefined && over !== '' ? over : base);
  const positive = (base: number, over: number | undefined): number => (over !== undefined && over > 0 ? over : base);

  // Step 1: the legacy configuration (pod.yaml overlaid by the support secret).
  const uploadEndpoint = text(d.endpoint, s?.endpoint);
  const legacy = {
    intervalMs: positive(d.intervalMs, s?.intervalMs),
    conditionalGathererEndpoint: text(d.conditionalGathererEndpoint, s?.conditionalGathererEndpoint),
    downloadEndpoint: text(d.reportEndpoint, s?.reportEndpoint),
    pullingDelayMs: s?.reportPullingDelayMs !== undefined && s.reportPullingDelayMs >= 0 ? s.reportPullingDelayMs : d.reportPullingDelayMs,
    pullingTimeoutMs: positive(d.reportPullingTimeoutMs, s?.reportPullingTimeoutMs),
    minRetryMs: positive(d.reportMinRetryTimeMs, s?.reportMinRetryTimeMs),
    enableGlobalObfuscation: d.enableGlobalObfuscation || s?.enableGlobalObfuscation === true,
    disableInsightsAlerts: d.disableInsightsAlerts || s?.disableInsightsAlerts === true,
    scaEndpoint: text(d.scaEndpoint, s?.scaEndpoint),
    scaIntervalMs: positive(d.scaIntervalMs, s?.scaIntervalMs),
    scaDisabled: s === undefined ? d.scaDisabled : s.scaDisabled,
    clusterTransferEndpoint: text(d.clusterTransferEndpoint, s?.clusterTransferEndpoint),
    clusterTransferIntervalMs: positive(d.clusterTransferIntervalMs, s?.clusterTransferIntervalMs),
    processingStatusEndpoint: text(d.processingStatusEndpoint, s?.processingStatusEndpoint),
    downloadEndpointTechPreview: text(d.reportEndpointTechPreview, s?.reportEndpointTechPreview),
    proxy: s === undefined ? { httpProxy: '', httpsProxy: '', noProxy: '' } : { ...s.proxy },
  };
  // Step 2: computed before the configmap, which cannot change it.
  const enabled = uploadEndpoint !== '' && token !== undefined && token.reveal() !== '';
  const obfuscation: ObfuscationValue[] = legacy.enableGlobalObfuscation ? ['networking'] : [];

  // Step 4: the configmap.
  const c = configMap;
  const dr = c?.dataReporting;
  const nonZero = (base: number, over: number | undefined): number => (over !== undefined && over !== 0 ? over : base);
  for (const value of dr?.obfuscation ?? []) if (!obfuscation.includes(value)) obfuscation.push(value);

  const config: OperatorConfig = {
    storagePath: text(d.storagePath, dr?.storagePath),
    impersonate: d.impersonate,
    intervalMs: nonZero(legacy.intervalMs, dr?.intervalMs),
    reporting: {
      enabled,
      uploadEndpoint: text(uploadEndpoint, dr?.uploadEndpoint),
      downloadEndpoint: text(legacy.downloadEndpoint, dr?.downloadEndpoint),
      downloadEndpointTechPreview: text(legacy.downloadEndpointTechPreview, dr?.downloadEndpointTechPreview),
      processingStatusEndpoint: text(legacy.processingStatusEndpoint, dr?.processingStatusEndpoint),
      conditionalGathererEndpoint: text(legacy.conditionalGathererEndpoint, dr?.conditionalGathererEndpoint),
      pullingDelayMs: legacy.pullingDelayMs,
      pullingTimeoutMs: legacy.pullingTimeoutMs,
      minRetryMs: legacy.minRetryMs,
    },
    obfuscation,
    disableRuntimeExtractor: dr === undefined ? d.disableRuntimeExtractor : dr.disableRuntimeExtractor,
    alerting: { disabled: c === undefined ? legacy.disableInsightsAlerts : c.alerting.disabled },
    sca: {
      disabled: c === undefined ? legacy.scaDisabled : c.sca.disabled,
      intervalMs: nonZero(legacy.scaIntervalMs, c?.sca.intervalMs),
      endpoint: text(legacy.scaEndpoint, c?.sca.endpoint),
    },
    clusterTransfer: {
      intervalMs: nonZero(legacy.clusterTransferIntervalMs, c?.clusterTransfer.intervalMs),
      endpoint: text(legacy.clusterTransferEndpoint, c?.clusterTransfer.endpoint),
    },
    proxy: {
      httpProxy: text(legacy.proxy.httpProxy, c?.proxy.httpProxy),
      httpsProxy: text(legacy.proxy.httpsProxy, c?.proxy.httpsProxy),
      noProxy: text(legacy.proxy.noProxy, c?.proxy.noProxy),
    },
    token,
    file: d.file,
  };
  return deepFreeze(config);
}
