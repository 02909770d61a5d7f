import { GatheringRulesService, RULES_BACKOFF } from '../rules/gathering-rules-service.ts';
import { readReleaseVersion } from '../rules/release-version.ts';
import type { DependencyContainer } from 'tsyringe';
import { Tokens } from '../container/tokens.ts';
import { InsightsClient } from '../insights/insights-client.ts';
import { ClusterTransferController } from '../ocm/transfer/cluster-transfer-controller.ts';
import { ScaController } from '../ocm/sca/sca-controller.ts';
import { ReportDownloader } from '../report/report-downloader.ts';
import { ClusterOperatorApi } from '../status/cluster-operator-api.ts';
import { Uploader } from '../upload/uploader.ts';
import { LastReportedStore } from './last-reported-store.ts';
import type { OperatorOptions } from './operator-options.ts';
import { singleton } from './singleton.ts';

/**
 * The services that talk to Red Hat: one Insights HTTP client shared by the uploader, the report
 * downloader and the SCA and cluster-transfer controllers, and the store of the last accepted upload.
 */
export function registerConsoleServices(c: DependencyContainer, options: OperatorOptions): void {
  const t = options.timings ?? {};
  const logger = (d: DependencyContainer, service: string) => d.resolve(Tokens.Logger).child({ service });
  const config = (d: DependencyContainer) => {
    const observer = d.resolve(Tokens.ConfigObserver);
    return () => observer.current().config;
  };
  const now = (d: DependencyContainer) => () => d.resolve(Tokens.Clock).now();

  singleton(c, Tokens.InsightsClient, (d) => {
    const current = config(d);
    return new InsightsClient({
      token: () => current().token,
      kubeConfig: d.resolve(Tokens.Kube).operatorConfig,
      config: current,
      ...(options.trustedCaBundle === undefined ? {} : { caBundleFile: options.trustedCaBundle }),
      logger: logger(d, 'insights-client'),
    });
  });
  singleton(c, Tokens.GatheringRules, (d) => {
    const current = config(d);
    const kubeConfig = d.resolve(Tokens.Kube).operatorConfig;
    return new GatheringRulesService({
      http: d.resolve(Tokens.InsightsClient),
      endpoint: () => current().reporting.conditionalGathererEndpoint,
      releaseVersion: () => readReleaseVersion(kubeConfig, options.releaseVersion),
      sources: d.resolve(Tokens.StatusSources),
      logger: logger(d, 'gathering-rules'),
      ...(t.rulesRetryMs === undefined ? {} : { backoff: { ...RULES_BACKOFF, initialMs: t.rulesRetryMs } }),
      ...(t.rulesTimeoutMs === undefined ? {} : { requestTimeoutMs: t.rulesTimeoutMs }),
    });
  });
  singleton(c, Tokens.LastReported, (d) => {
    const current = config(d);
    const status = d.resolve(Tokens.StatusController);
    return new LastReportedStore(() => current().storagePath, new ClusterOperatorApi(d.resolve(Tokens.Kube).operatorConfig),
      logger(d, 'uploader'), () => status.trigger());
  });
  singleton(c, Tokens.ReportDownloader, (d) => new ReportDownloader({
    http: d.resolve(Tokens.InsightsClient),
    config: config(d),
    sources: d.resolve(Tokens.StatusSources),
    metrics: d.resolve(Tokens.Metrics),
    kubeConfig: d.resolve(Tokens.Kube).operatorConfig,
    logger: logger(d, 'report'),
    now: now(d),
  }));
  singleton(c, Tokens.Uploader, (d) => {
    const status = d.resolve(Tokens.StatusController);
    const report = d.resolve(Tokens.ReportDownloader);
    return new Uploader({
      http: d.resolve(Tokens.InsightsClient),
      config: config(d),
      sources: d.resolve(Tokens.StatusSources),
      metrics: d.resolve(Tokens.Metrics),
      logger: logger(d, 'uploader'),
      lastReported: d.resolve(Tokens.LastReported),
      onUploaded: (u) => report.archiveUploaded(u),
      statusChanged: () => status.trigger(),
      firstDelayMs: options.initialDelayMs + (t.uploadFirstDelayMs ?? 90_000),
      ...(t.uploadRetryMs === undefined ? {} : { retry: { initialMs: t.uploadRetryMs } }),
      now: now(d),
    });
  });
  const ocm = (d: DependencyContainer, service: string) => ({
    http: d.resolve(Tokens.InsightsClient),
    config: config(d),
    sources: d.resolve(Tokens.StatusSources),
    kubeConfig: d.resolve(Tokens.Kube).operatorConfig,
    logger: logger(d, service),
    now: now(d),
  });
  singleton(c, Tokens.ScaController, (d) => new ScaController(ocm(d, 'sca')));
  singleton(c, Tokens.ClusterTransferController, (d) => new ClusterTransferController(ocm(d, 'cluster-transfer')));
}
