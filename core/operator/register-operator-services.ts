import { instanceCachingFactory } from 'tsyringe';
import type { DependencyContainer } from 'tsyringe';
import { ConfigObserver } from '../config/config-observer.ts';
import type { OperatorDefaults } from '../config/operator-defaults.ts';
import { Tokens } from '../container/tokens.ts';
import { createOperatorMetrics } from '../metrics/operator-metrics.ts';
import { DiskGuard } from '../pruner/disk-guard.ts';
import { GatherScheduler } from '../scheduler/gather-scheduler.ts';
import { PluginPeriods } from '../scheduler/plugin-periods.ts';
import { StatusController } from '../status/status-controller.ts';
import { StatusSources } from '../status/status-sources.ts';
import { reactToConfig } from './config-reactions.ts';
import { Lifecycle } from './lifecycle.ts';
import { MetricsServerService } from './metrics-server-service.ts';
import type { ServeOptions } from './metrics-server-service.ts';
import { PeriodicGather } from './periodic-gather.ts';
import { PrunerService } from './pruner-service.ts';

/** Durations that tests and the local demo shorten; every one defaults to the original's. */
export interface OperatorTimings {
  /** The config observer's safety-net re-read (default 5 min). */
  configResyncMs?: number;
  /** At most one status write per this (default 30 s). */
  statusMinWriteMs?: number;
  /** At least one status write per this (default 2 min). */
  statusResyncMs?: number;
}

/** What only the `start` command knows. */
export interface OperatorOptions {
  /** `config/pod.yaml` resolved: the bottom layer of the configuration. */
  defaults: OperatorDefaults;
  serve: ServeOptions;
  /** Delay before the first gather (computed by `start` from the pod's restart state). */
  initialDelayMs: number;
  /** `$RELEASE_VERSION`, written as the operator's version in the ClusterOperator. */
  releaseVersion?: string | undefined;
  /** Highest used ratio of the storage filesystem at which new archives are still written (default 0.8). */
  maxDiskRatio?: number | undefined;
  /** Cap on all archives' bytes, enforced by the pruner. */
  maxStorageBytes?: number | undefined;
  timings?: OperatorTimings;
}

/**
 * Registers the long-running operator's services behind their tokens (factories, no decorators), and the
 * {@link Lifecycle} that starts them in dependency order — metrics and health first so probes answer
 * during start-up, then configuration, status, pruner and the gather schedule — and stops them in reverse.
 */
export function registerOperatorServices(c: DependencyContainer, options: OperatorOptions): void {
  const t = options.timings ?? {};
  const single = <T>(token: Parameters<DependencyContainer['register']>[0], make: (d: DependencyContainer) => T): void => {
    c.register(token, { useFactory: instanceCachingFactory(make) });
  };
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
      now: now(d),
      ...(t.statusMinWriteMs === undefined ? {} : { minWriteIntervalMs: t.statusMinWriteMs }),
      ...(t.statusResyncMs === undefined ? {} : { resyncMs: t.statusResyncMs }),
    });
  });
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
  single(Tokens.Lifecycle, (d) => {
    const logger = d.resolve(Tokens.Logger);
    const observer = d.resolve(Tokens.ConfigObserver);
    const status = d.resolve(Tokens.StatusController);
    const scheduler = d.resolve(Tokens.GatherScheduler);
    const pruner = d.resolve(Tokens.Pruner);
    const metrics = d.resolve(Tokens.Metrics);
    const plugins = d.resolve(Tokens.Plugins);
    metrics.setPlugins({ loaded: plugins.plugins.length, failed: plugins.failures.length });
    let unsubscribe: (() => void) | undefined;
    const lifecycle = new Lifecycle(logger);
    return lifecycle
      .add('metrics', d.resolve(Tokens.MetricsServer))
      .add('config-observer', observer)
      .add('config-reactions', {
        start: () => {
          unsubscribe = reactToConfig(observer, {
            intervalChanged: () => scheduler.intervalChanged(),
            pruneTargetChanged: () => pruner.reconfigure(),
            sources: d.resolve(Tokens.StatusSources),
            statusChanged: () => status.trigger(),
            logger,
          });
        },
        stop: () => unsubscribe?.(),
      })
      .add('status', status)
      .add('pruner', pruner)
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
  });
}
