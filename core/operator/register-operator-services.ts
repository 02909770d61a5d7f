import type { DependencyContainer, InjectionToken } from 'tsyringe';
import { ConfigObserver } from '../config/config-observer.ts';
import { Tokens } from '../container/tokens.ts';
import { createOperatorMetrics } from '../metrics/operator-metrics.ts';
import { DiskGuard } from '../pruner/disk-guard.ts';
import { GatherScheduler } from '../scheduler/gather-scheduler.ts';
import { PluginPeriods } from '../scheduler/plugin-periods.ts';
import { StatusController } from '../status/status-controller.ts';
import { StatusSources } from '../status/status-sources.ts';
import { MetricsServerService } from './metrics-server-service.ts';
import { buildOperatorLifecycle } from './operator-lifecycle.ts';
import type { OperatorOptions } from './operator-options.ts';
import { PeriodicGather } from './periodic-gather.ts';
import { PrometheusRuleService } from './prometheus-rule-service.ts';
import { PrunerService } from './pruner-service.ts';
import { registerConsoleServices } from './register-console-services.ts';
import { singleton } from './singleton.ts';

/**
 * Registers the long-running operator's services behind their tokens (factories, no decorators), and the
 * lifecycle that starts and stops them (`operator-lifecycle.ts`).
 */
export function registerOperatorServices(c: DependencyContainer, options: OperatorOptions): void {
  const t = options.timings ?? {};
  const single = <T>(token: InjectionToken<T>, make: (d: DependencyContainer) => T): void => singleton(c, token, make);
  const now = (d: DependencyContainer) => () => d.resolve(Tokens.Clock).now();

  single(Tokens.Metrics, () => createOperatorMetrics());
  single(Tokens.StatusSources, () => new StatusSources());
  single(Tokens.PluginPeriods, () => new PluginPeriods());
  single(Tokens.ConfigObserver, (d) => new ConfigObserver({
    kubeConfig: d.resolve(Tokens.Kube).operatorConfig,
    defaults: options.defaults,
    logger: d.resolve(Tokens.Logger).child({ service: 'config-observer' }),
    now: now(d),
    ...(t.configResyncMs === undefined ? {} : { resyncMs: t.configResyncMs }),
  }));
  single(Tokens.StatusController, (d) => {
    const observer = d.resolve(Tokens.ConfigObserver);
    return new StatusController({
      kubeConfig: d.resolve(Tokens.Kube).operatorConfig,
      sources: d.resolve(Tokens.StatusSources),
      logger: d.resolve(Tokens.Logger).child({ service: 'status' }),
      disabled: () => {
        const observed = observer.current();
        if (observed.gathering.gatheringDisabled) return { reason: 'DisabledByConfiguration' };
        return observed.config.reporting.enabled ? undefined : { reason: 'NoToken' };
      },
      releaseVersion: options.releaseVersion,
      lastReportTime: () => d.resolve(Tokens.LastReported).get(),
      now: now(d),
      ...(t.statusMinWriteMs === undefined ? {} : { minWriteIntervalMs: t.statusMinWriteMs }),
      ...(t.statusResyncMs === undefined ? {} : { resyncMs: t.statusResyncMs }),
    });
  });
  single(Tokens.PrometheusRule, (d) => new PrometheusRuleService({
    kubeConfig: d.resolve(Tokens.Kube).operatorConfig,
    config: d.resolve(Tokens.ConfigObserver),
    logger: d.resolve(Tokens.Logger).child({ service: 'prometheus-rule' }),
    ...(t.configResyncMs === undefined ? {} : { resyncMs: t.configResyncMs }),
  }));
  single(Tokens.PeriodicGather, (d) => {
    const observer = d.resolve(Tokens.ConfigObserver);
    const status = d.resolve(Tokens.StatusController);
    const reserveBytes = d.resolve(Tokens.Config).gather?.maxArchiveBytes;
    return new PeriodicGather({
      gatherService: d.resolve(Tokens.GatherService),
      observed: () => observer.current(),
      file: d.resolve(Tokens.Config),
      plugins: d.resolve(Tokens.Plugins),
      periods: d.resolve(Tokens.PluginPeriods),
      diskCheck: (directory) => new DiskGuard({ directory, maxUsedRatio: options.maxDiskRatio, reserveBytes }).check(),
      sources: d.resolve(Tokens.StatusSources),
      metrics: d.resolve(Tokens.Metrics),
      logger: d.resolve(Tokens.Logger).child({ service: 'gather' }),
      now: now(d),
      statusChanged: () => status.trigger(),
      archived: () => d.resolve(Tokens.Uploader).archiveReady(),
    });
  });
  single(Tokens.GatherScheduler, (d) => {
    const observer = d.resolve(Tokens.ConfigObserver);
    const periodic = d.resolve(Tokens.PeriodicGather);
    return new GatherScheduler({
      intervalMs: () => observer.current().config.intervalMs,
      initialDelayMs: options.initialDelayMs,
      gather: async (signal) => {
        await periodic.run(signal);
      },
      logger: d.resolve(Tokens.Logger).child({ service: 'scheduler' }),
      now: now(d),
    });
  });
  single(Tokens.Pruner, (d) => {
    const observer = d.resolve(Tokens.ConfigObserver);
    const metrics = d.resolve(Tokens.Metrics);
    return new PrunerService({
      target: () => ({ directory: observer.current().config.storagePath, intervalMs: observer.current().config.intervalMs }),
      maxBytes: options.maxStorageBytes,
      lastReported: () => d.resolve(Tokens.LastReported).get(),
      logger: d.resolve(Tokens.Logger).child({ service: 'pruner' }),
      now: now(d),
      onPass: (report) => {
        if (report.ok) metrics.countPruned(report.deleted.length);
      },
    });
  });
  // `/readyz` says ready once every service has started, and no longer once shutdown begins.
  const readiness = { ready: false };
  single(Tokens.MetricsServer, (d) => new MetricsServerService(
    options.serve, d.resolve(Tokens.Metrics).registry, () => readiness.ready, d.resolve(Tokens.Logger).child({ service: 'metrics' }),
  ));
  registerConsoleServices(c, options);
  single(Tokens.Lifecycle, (d) => buildOperatorLifecycle(d, readiness));
}
