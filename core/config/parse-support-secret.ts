import { errorMessage, operatorError, type OperatorError } from '../errors/codes.ts';
import { SUPPORT_SECRET, type SupportSecretConfig } from './config-sources.ts';
import { formatDuration, parseGoDuration } from './go-duration.ts';

/** The shortest gather interval the `support` secret may set. */
export const MIN_SECRET_INTERVAL_MS = 10 * 60_000;

/** The outcome of {@link parseSupportSecret}: a config to merge, or a rejection of the whole secret. */
export type SupportSecretResult =
  | { ok: true; config: SupportSecretConfig; warnings: string[] }
  | { ok: false; error: OperatorError; warnings: string[] };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Reads the deprecated `openshift-config/support` secret with the original's rules (schema:
 * `config/support-secret.schema.json`). Booleans are `"true"` in any case; an invalid report or OCM
 * duration keeps the previous value (left `undefined`) with a warning; `interval` must parse and be at
 * least 10m, otherwise the whole secret is rejected with an error naming the key (the caller keeps the
 * last good secret configuration, as the original does). Unknown keys (`username`, `password`) are ignored.
 *
 * @param data - the secret's `.data`: base64 values by key. A value that is not base64 is ignored with
 *   a warning (the API server never returns one).
 */
export function parseSupportSecret(data: Readonly<Record<string, string>>): SupportSecretResult {
  const warnings: string[] = [];
  const text = (key: string): string | undefined => {
    const raw = Object.hasOwn(data, key) ? data[key] : undefined;
    if (raw === undefined) return undefined;
    if (!BASE64.test(raw)) {
      warnings.push(errorMessage('IO_CONFIG_VALUE_IGNORED', SUPPORT_SECRET, key, 'the value is not base64 and is ignored'));
      return undefined;
    }
    return Buffer.from(raw, 'base64').toString('utf8');
  };
  const flag = (key: string): boolean | undefined => {
    const value = text(key);
    return value === undefined ? undefined : value.toLowerCase() === 'true';
  };
  const duration = (key: string): number | undefined => {
    const value = text(key);
    if (value === undefined) return undefined;
    const ms = parseGoDuration(value);
    if (ms === undefined) {
      warnings.push(errorMessage('IO_CONFIG_VALUE_IGNORED', SUPPORT_SECRET, key,
        `"${value}" is not a duration such as 90s, 5m or 2h; the previous value is kept`));
    }
    return ms;
  };

  const config: SupportSecretConfig = {
    endpoint: text('endpoint'),
    conditionalGathererEndpoint: text('conditionalGathererEndpoint'),
    proxy: { httpProxy: text('httpProxy') ?? '', httpsProxy: text('httpsProxy') ?? '', noProxy: text('noProxy') ?? '' },
    enableGlobalObfuscation: flag('enableGlobalObfuscation'),
    reportEndpoint: text('reportEndpoint'),
    reportPullingDelayMs: duration('reportPullingDelay'),
    reportPullingTimeoutMs: duration('reportPullingTimeout'),
    reportMinRetryTimeMs: duration('reportMinRetryTime'),
    scaEndpoint: text('scaEndpoint'),
    scaIntervalMs: duration('scaInterval'),
    scaDisabled: flag('scaPullDisabled') ?? false,
    clusterTransferEndpoint: text('clusterTransferEndpoint'),
    clusterTransferIntervalMs: duration('clusterTransferInterval'),
    processingStatusEndpoint: text('processingStatusEndpoint'),
    reportEndpointTechPreview: text('reportEndpointTechPreview'),
    disableInsightsAlerts: flag('disableInsightsAlerts'),
  };

  const interval = text('interval');
  if (interval !== undefined) {
    const ms = parseGoDuration(interval);
    if (ms === undefined) {
      return { ok: false, warnings, error: operatorError('IO_CONFIG_SOURCE_REJECTED', SUPPORT_SECRET, 'interval',
        `"${interval}" must be a duration (1h, 10m) greater than or equal to ten minutes`) };
    }
    if (ms < MIN_SECRET_INTERVAL_MS) {
      return { ok: false, warnings, error: operatorError('IO_CONFIG_SOURCE_REJECTED', SUPPORT_SECRET, 'interval',
        `${formatDuration(ms)} is too short, the minimum is 10m`) };
    }
    config.intervalMs = ms;
  }
  return { ok: true, config, warnings };
}
