import { parseDuration } from './duration.ts';
import type { OperatorConfigFile } from './operator-config.ts';

/** The original's built-in values (`start.go`), before `config/pod.yaml` overlays them. */
export const BUILT_IN_DEFAULTS = Object.freeze({
  storagePath: '/var/lib/insights-operator',
  intervalMs: 10 * 60_000,
  endpoint: 'https://console.redhat.com/api/ingress/v1/upload',
  reportEndpoint: 'https://console.redhat.com/api/insights-results-aggregator/v2/cluster/%s/reports',
  conditionalGathererEndpoint: 'https://console.redhat.com/api/gathering/gathering_rules',
  reportPullingDelayMs: 60_000,
  reportMinRetryTimeMs: 10_000,
  reportPullingTimeoutMs: 30 * 60_000,
  scaIntervalMs: 8 * 3_600_000,
  scaEndpoint: 'https://api.openshift.com/api/accounts_mgmt/v1/entitlement_certificates',
  clusterTransferEndpoint: 'https://api.openshift.com/api/accounts_mgmt/v1/cluster_transfers',
  clusterTransferIntervalMs: 12 * 3_600_000,
  // The original's monitoring clients (pkg/controller/const.go): in-cluster services, the service CA.
  prometheusURL: 'https://prometheus-k8s.openshift-monitoring.svc:9091',
  alertmanagerURL: 'https://alertmanager-main.openshift-monitoring.svc:9094',
  monitoringCaFile: '/var/run/configmaps/service-ca-bundle/service-ca.crt',
});

/** Where the cluster's Prometheus and Alertmanager are, and the CA that signs their certificates. */
export interface MonitoringSettings {
  readonly prometheusURL: string;
  readonly alertmanagerURL: string;
  /** The service CA bundle; the only CA the monitoring clients trust. */
  readonly caFile: string;
}

/**
 * The `monitoring` section of a validated configuration file, each key defaulting to the original's
 * value. Separate from {@link defaultsFromPodConfig} so that the one-shot `gather` (which has no merged
 * configuration) reads it the same way.
 */
export function monitoringFromPodConfig(file: Readonly<OperatorConfigFile>): MonitoringSettings {
  const b = BUILT_IN_DEFAULTS;
  const m = file['monitoring'] as { prometheusURL?: string; alertmanagerURL?: string; caFile?: string } | undefined;
  return {
    prometheusURL: m?.prometheusURL || b.prometheusURL,
    alertmanagerURL: m?.alertmanagerURL || b.alertmanagerURL,
    caFile: m?.caFile || b.monitoringCaFile,
  };
}

/** The image defaults: built-in values overlaid by the configuration file (`config/pod.yaml`). */
export interface OperatorDefaults {
  storagePath: string;
  impersonate: string;
  intervalMs: number;
  endpoint: string;
  conditionalGathererEndpoint: string;
  reportEndpoint: string;
  reportPullingDelayMs: number;
  reportPullingTimeoutMs: number;
  reportMinRetryTimeMs: number;
  processingStatusEndpoint: string;
  reportEndpointTechPreview: string;
  enableGlobalObfuscation: boolean;
  disableInsightsAlerts: boolean;
  disableRuntimeExtractor: boolean;
  scaEndpoint: string;
  scaIntervalMs: number;
  scaDisabled: boolean;
  clusterTransferEndpoint: string;
  clusterTransferIntervalMs: number;
  monitoring: MonitoringSettings;
  /** This implementation's settings, passed through untouched. */
  file: Readonly<OperatorConfigFile>;
}

/**
 * Resolves a validated configuration file (see `parseOperatorConfig`) into {@link OperatorDefaults}.
 * As the original's `ToController`, every duration must be > 0 (the schema already requires a non-empty
 * storagePath). The 10m minimum of the cluster sources does not apply here: tests may gather every second.
 * @param source - names the file in errors
 * @throws OperatorError `IO_BAD_DURATION` naming the key
 */
export function defaultsFromPodConfig(file: Readonly<OperatorConfigFile>, source = 'config/pod.yaml'): OperatorDefaults {
  const b = BUILT_IN_DEFAULTS;
  const ms = (value: string | undefined, key: string, fallback: number): number =>
    value === undefined ? fallback : parseDuration(value, `${source} ${key}`);
  const report = file['pull_report'] as { endpoint?: string; delay?: string; timeout?: string; min_retry?: string } | undefined;
  const ocm = file['ocm'] as
    | { scaEndpoint?: string; scaInterval?: string; scaDisabled?: boolean; clusterTransferEndpoint?: string; clusterTransferInterval?: string }
    | undefined;
  const text = (key: string, fallback: string): string => {
    const value = file[key];
    return typeof value === 'string' && value !== '' ? value : fallback;
  };
  return {
    storagePath: text('storagePath', b.storagePath),
    impersonate: text('impersonate', ''),
    intervalMs: ms(file.interval, 'interval', b.intervalMs),
    endpoint: text('endpoint', b.endpoint),
    conditionalGathererEndpoint: text('conditionalGathererEndpoint', b.conditionalGathererEndpoint),
    reportEndpoint: report?.endpoint || b.reportEndpoint,
    reportPullingDelayMs: ms(report?.delay, 'pull_report.delay', b.reportPullingDelayMs),
    reportPullingTimeoutMs: ms(report?.timeout, 'pull_report.timeout', b.reportPullingTimeoutMs),
    reportMinRetryTimeMs: ms(report?.min_retry, 'pull_report.min_retry', b.reportMinRetryTimeMs),
    processingStatusEndpoint: text('processingStatusEndpoint', ''),
    reportEndpointTechPreview: text('reportEndpointTechPreview', ''),
    enableGlobalObfuscation: file.enableGlobalObfuscation === true,
    disableInsightsAlerts: file['disableInsightsAlerts'] === true,
    disableRuntimeExtractor: file['disableRuntimeExtractor'] === true,
    scaEndpoint: ocm?.scaEndpoint || b.scaEndpoint,
    scaIntervalMs: ms(ocm?.scaInterval, 'ocm.scaInterval', b.scaIntervalMs),
    scaDisabled: ocm?.scaDisabled === true,
    clusterTransferEndpoint: ocm?.clusterTransferEndpoint || b.clusterTransferEndpoint,
    clusterTransferIntervalMs: ms(ocm?.clusterTransferInterval, 'ocm.clusterTransferInterval', b.clusterTransferIntervalMs),
    monitoring: monitoringFromPodConfig(file),
    file,
  };
}
