import type { GatheringRulesProvider } from '../../plugin-api/gathering-rules.ts';
import type { InjectionToken } from 'tsyringe';
import type { Logger } from 'pino';
import type { Clock } from '../../plugin-api/service-ref.ts';
import type { MonitoringApi, PrometheusApi } from '../../plugin-api/monitoring.ts';
import type { OperatorConfigFile } from '../config/operator-config.ts';
import type { GatherService, ProtectionFactory } from '../gather/gather-service.ts';
import type { KubeConnection } from '../kube/connect.ts';
import type { LoadResult } from '../loader/plugin-loader.ts';
import type { ConfigObserver } from '../config/config-observer.ts';
import type { OperatorMetrics } from '../metrics/operator-metrics.ts';
import type { InsightsClient } from '../insights/insights-client.ts';
import type { ClusterTransferController } from '../ocm/transfer/cluster-transfer-controller.ts';
import type { ScaController } from '../ocm/sca/sca-controller.ts';
import type { LastReportedStore } from '../operator/last-reported-store.ts';
import type { Lifecycle } from '../operator/lifecycle.ts';
import type { ReportDownloader } from '../report/report-downloader.ts';
import type { Uploader } from '../upload/uploader.ts';
import type { MetricsServerService } from '../operator/metrics-server-service.ts';
import type { PeriodicGather } from '../operator/periodic-gather.ts';
import type { PrunerService } from '../operator/pruner-service.ts';
import type { PrometheusRuleService } from '../operator/prometheus-rule-service.ts';
import type { GatherScheduler } from '../scheduler/gather-scheduler.ts';
import type { PluginPeriods } from '../scheduler/plugin-periods.ts';
import type { StatusController } from '../status/status-controller.ts';
import type { StatusSources } from '../status/status-sources.ts';

/** A typed container token: the symbol carries the type of what it resolves to. */
function token<T>(description: string): InjectionToken<T> {
  return Symbol(description) as unknown as InjectionToken<T>;
}

/** Every service of the core, by token. Plugins never see these; they use plugin-api service refs. */
export const Tokens = {
  Logger: token<Logger>('core.logger'),
  Clock: token<Clock>('core.clock'),
  Config: token<Readonly<OperatorConfigFile>>('core.config'),
  Kube: token<KubeConnection>('core.kube'),
  Plugins: token<LoadResult>('core.plugins'),
  /** Data protection of each gather (secret scrubbing, networking obfuscation when configured). */
  ArchiveProtection: token<ProtectionFactory>('core.archive-protection'),
  GatherService: token<GatherService>('core.gather-service'),
  /** The cluster's Prometheus and Alertmanager, with the service CA and the operator's own token. */
  Prometheus: token<PrometheusApi>('core.prometheus'),
  Alertmanager: token<MonitoringApi>('core.alertmanager'),
  GatheringRules: token<GatheringRulesProvider>('core.gathering-rules'),
  // The long-running operator's services (`start`); the one-shot `gather` never resolves them.
  ConfigObserver: token<ConfigObserver>('operator.config-observer'),
  Metrics: token<OperatorMetrics>('operator.metrics'),
  MetricsServer: token<MetricsServerService>('operator.metrics-server'),
  StatusSources: token<StatusSources>('operator.status-sources'),
  StatusController: token<StatusController>('operator.status-controller'),
  /** The Insights alert rules (PrometheusRule), created and deleted as `alerting.disabled` says. */
  PrometheusRule: token<PrometheusRuleService>('operator.prometheus-rule'),
  PluginPeriods: token<PluginPeriods>('operator.plugin-periods'),
  PeriodicGather: token<PeriodicGather>('operator.periodic-gather'),
  GatherScheduler: token<GatherScheduler>('operator.gather-scheduler'),
  Pruner: token<PrunerService>('operator.pruner'),
  InsightsClient: token<InsightsClient>('operator.insights-client'),
  LastReported: token<LastReportedStore>('operator.last-reported'),
  Uploader: token<Uploader>('operator.uploader'),
  ReportDownloader: token<ReportDownloader>('operator.report-downloader'),
  ScaController: token<ScaController>('operator.sca'),
  ClusterTransferController: token<ClusterTransferController>('operator.cluster-transfer'),
  Lifecycle: token<Lifecycle>('operator.lifecycle'),
} as const;
