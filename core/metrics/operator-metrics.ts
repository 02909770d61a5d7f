import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { FunctionReport } from '../runner/function-report.ts';
import { type ArchiveFacts, GatherMetrics, type PluginCounts } from './gather-metrics.ts';
import { type InsightsRecommendation, RecommendationCollector } from './recommendation-collector.ts';
import { StorageMetrics } from './storage-metrics.ts';
import { UploadMetrics } from './upload-metrics.ts';

/** Counts of the last Insights report's recommendations by total risk, for `health_statuses_insights`. */
export interface HealthStatusCounts {
  low: number;
  moderate: number;
  important: number;
  critical: number;
  total: number;
}

/** The `metric` label values of `health_statuses_insights`, in the original's order. */
export const HEALTH_STATUS_METRICS = ['low', 'moderate', 'important', 'critical', 'total'] as const;

/** The operator's metrics, in a registry of their own (never prom-client's global one). */
export interface OperatorMetrics {
  /** Everything below, plus the Node process metrics; serve it with `startHealthAndMetricsServers`. */
  readonly registry: Registry;
  /** `insightsclient_request_send_total{client="insights",status_code}`; 0 when no response came. */
  countArchiveSend(statusCode: number): void;
  /**
   * `insightsclient_request_recvreport_total{client,status_code}`, counted when a new report was
   * downloaded; `client` is `insights` for the operator (the default) and `default` for the gather job.
   */
  countReportReceived(statusCode: number, client?: string): void;
  /** Sets `health_statuses_insights{metric}` from the last report (all five start at -1). */
  setHealthStatuses(counts: HealthStatusCounts): void;
  /** Replaces what `insights_recommendation_active` reports on the next scrape. */
  setActiveRecommendations(recommendations: readonly InsightsRecommendation[]): void;
  /** The cluster id used in the recommendations' advisor links. */
  setClusterId(clusterId: string): void;
  /** Updates the gather metrics from one gather's function reports and its archive. */
  recordGather(reports: readonly FunctionReport[], archive: ArchiveFacts): void;
  /** Sets `insights_plugins{state="loaded"|"failed"}`. */
  setPlugins(counts: PluginCounts): void;
  /** Sets `insights_storage_writes_blocked` (the disk guard's verdict). */
  setStorageBlocked(blocked: boolean): void;
  /** Adds to `insights_archives_pruned_total`. */
  countPruned(count: number): void;
  /** Adds one to `insights_corrupt_archives_total` (an archive the uploader quarantined). */
  countCorruptArchive(): void;
}

/** Options of {@link createOperatorMetrics}. */
export interface OperatorMetricsOptions {
  /** Register prom-client's Node process metrics (CPU, memory, event loop, GC). Default true. */
  processMetrics?: boolean;
}

/**
 * Creates the operator's metrics: the original's four (names, labels, help texts and initial values as
 * in `pkg/insights`) and this implementation's gather metrics, in a new {@link Registry}.
 */
export function createOperatorMetrics(options: OperatorMetricsOptions = {}): OperatorMetrics {
  const registry = new Registry();
  const registers = [registry];

  const send = new Counter({
    name: 'insightsclient_request_send_total',
    help: 'Tracks the number of archives sent',
    labelNames: ['client', 'status_code'] as const,
    registers,
  });
  const recvReport = new Counter({
    name: 'insightsclient_request_recvreport_total',
    help: 'Tracks the number of insights reports received/downloaded',
    labelNames: ['client', 'status_code'] as const,
    registers,
  });
  const healthStatuses = new Gauge({
    name: 'health_statuses_insights',
    help: 'Information about the cluster health status as detected by Insights tooling.',
    labelNames: ['metric'] as const,
    registers,
  });
  for (const metric of HEALTH_STATUS_METRICS) healthStatuses.set({ metric }, -1);

  const recommendations = new RecommendationCollector(registry);
  const gather = new GatherMetrics(registry);
  const storage = new StorageMetrics(registry);
  const upload = new UploadMetrics(registry);
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  return {
    registry,
    countArchiveSend(statusCode) {
      send.inc({ client: 'insights', status_code: String(statusCode) });
    },
    countReportReceived(statusCode, client = 'insights') {
      recvReport.inc({ client, status_code: String(statusCode) });
    },
    setHealthStatuses(counts) {
      for (const metric of HEALTH_STATUS_METRICS) healthStatuses.set({ metric }, counts[metric]);
    },
    setActiveRecommendations(list) {
      recommendations.setActiveRecommendations(list);
    },
    setClusterId(clusterId) {
      recommendations.setClusterId(clusterId);
    },
    recordGather(reports, archive) {
      gather.recordGather(reports, archive);
    },
    setPlugins(counts) {
      gather.setPlugins(counts);
    },
    setStorageBlocked(blocked) {
      storage.setBlocked(blocked);
    },
    countPruned(count) {
      storage.countPruned(count);
    },
    countCorruptArchive() {
      upload.countCorrupt();
    },
  };
}
