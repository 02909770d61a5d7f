/**
 * Real Prometheus and Alertmanager for tests (see README.md). Test infrastructure: nothing in `core/`
 * or `plugins/` imports it.
 */
export { startPrometheus } from './prometheus.ts';
export type { AlertRule, PrometheusOptions, PrometheusServer, RecordingRule, ScrapeJob, VectorSample } from './prometheus.ts';
export { startAlertmanager } from './alertmanager.ts';
export type { AlertmanagerOptions, AlertmanagerServer, GettableAlert, PostableAlert, SilenceInput } from './alertmanager.ts';
export { ALLOW_MISSING_ENV, findMonitoringBinaries, MONITORING_MISSING_MESSAGE } from './binaries.ts';
export type { MonitoringBinaries } from './binaries.ts';
export { CaTrustingClient } from './https-client.ts';
export type { HttpAnswer } from './https-client.ts';
