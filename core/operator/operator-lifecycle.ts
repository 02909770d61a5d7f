import type { DependencyContainer } from 'tsyringe';
import { Tokens } from '../container/tokens.ts';
import { reactToConfig } from './config-reactions.ts';
import { Lifecycle } from './lifecycle.ts';

/** Whether `/readyz` says ready: once every service has started, and no longer once shutdown begins. */
export interface Readiness {
  ready: boolean;
}

/**
 * The operator's services in start order — metrics and health first so that probes answer during
 * start-up, then configuration, status, pruning, the services that talk to Red Hat, and last the gather
 * schedule — stopped in reverse, so a gather in flight is cancelled before anything it feeds stops.
 */
export function buildOperatorLifecycle(d: DependencyContainer, readiness: Readiness): Lifecycle {
  const logger = d.resolve(Tokens.Logger);
  const observer = d.resolve(Tokens.ConfigObserver);
  const status = d.resolve(Tokens.StatusController);
  const scheduler = d.resolve(Tokens.GatherScheduler);
  const pruner = d.resolve(Tokens.Pruner);
  const uploader = d.resolve(Tokens.Uploader);
  const sca = d.resolve(Tokens.ScaController);
  const transfer = d.resolve(Tokens.ClusterTransferController);
  const client = d.resolve(Tokens.InsightsClient);
  const plugins = d.resolve(Tokens.Plugins);
  d.resolve(Tokens.Metrics).setPlugins({ loaded: plugins.plugins.length, failed: plugins.failures.length });
  let unsubscribe: (() => void) | undefined;
  return new Lifecycle(logger)
    .add('metrics', d.resolve(Tokens.MetricsServer))
    .add('config-observer', observer)
    .add('last-reported', { start: () => d.resolve(Tokens.LastReported).load(), stop: () => {} })
    .add('config-reactions', {
      start: () => {
        unsubscribe = reactToConfig(observer, {
          intervalChanged: () => {
            scheduler.intervalChanged();
            uploader.intervalChanged();
          },
          pruneTargetChanged: () => pruner.reconfigure(),
          ocmChanged: () => {
            sca.reconfigure();
            transfer.reconfigure();
          },
          sources: d.resolve(Tokens.StatusSources),
          statusChanged: () => status.trigger(),
          logger,
        });
      },
      stop: () => unsubscribe?.(),
    })
    .add('status', status)
    .add('prometheus-rule', d.resolve(Tokens.PrometheusRule))
    .add('pruner', pruner)
    .add('insights-client', { start: () => {}, stop: () => client.close() })
    .add('report-downloader', d.resolve(Tokens.ReportDownloader))
    .add('sca', sca)
    .add('cluster-transfer', transfer)
    .add('uploader', uploader)
    .add('scheduler', {
      start: () => {
        scheduler.start();
        readiness.ready = true;
      },
      stop: async () => {
        readiness.ready = false;
        await scheduler.stop();
      },
    });
}
