import 'reflect-metadata';
import { container as rootContainer, instanceCachingFactory } from 'tsyringe';
import type { DependencyContainer, InjectionToken } from 'tsyringe';
import type { Logger } from 'pino';
import { coreServices } from '../../plugin-api/service-ref.ts';
import type { Clock } from '../../plugin-api/service-ref.ts';
import type { OperatorConfigFile } from '../config/operator-config.ts';
import { monitoringFromPodConfig } from '../config/operator-defaults.ts';
import { GatherService } from '../gather/gather-service.ts';
import type { KubeConnection } from '../kube/connect.ts';
import type { LoadResult } from '../loader/plugin-loader.ts';
import { createAlertmanagerClient, createPrometheusClient } from '../monitoring/monitoring-services.ts';
import { createArchiveProtection } from '../protect/archive-protection.ts';
import { createSecretScrubber } from '../protect/secret-scrubber.ts';
import { GatheringRulesService } from '../rules/gathering-rules-service.ts';
import { Tokens } from './tokens.ts';

/** What only the caller can know: the loaded configuration, the cluster, the plugins. */
export interface CompositionInput {
  logger: Logger;
  config: Readonly<OperatorConfigFile>;
  /** Built lazily: commands that never touch the cluster never load a kubeconfig. */
  kube: () => KubeConnection;
  plugins: LoadResult;
  clock?: Clock;
  /**
   * Plugin services by id, in place of the core's (the plugin test kit's mocks); an id the core does
   * not know becomes available too.
   */
  services?: Readonly<Record<string, unknown>>;
}

/** Plugin service ids and the container tokens that provide them. */
const PLUGIN_SERVICES: ReadonlyMap<string, InjectionToken<unknown>> = new Map<string, InjectionToken<unknown>>([
  [coreServices.clock.id, Tokens.Clock],
  [coreServices.prometheus.id, Tokens.Prometheus],
  [coreServices.alertmanager.id, Tokens.Alertmanager],
  [coreServices.gatheringRules.id, Tokens.GatheringRules],
]);

/**
 * The one place where the core is wired: every service is a factory registration behind a typed token
 * (no decorators), singletons through `instanceCachingFactory`. Each call makes a child container, so
 * tests and repeated runs never share state.
 */
export function composeContainer(input: CompositionInput): DependencyContainer {
  const c = rootContainer.createChildContainer();
  c.register(Tokens.Logger, { useValue: input.logger });
  c.register(Tokens.Config, { useValue: input.config });
  c.register(Tokens.Plugins, { useValue: input.plugins });
  c.register(Tokens.Clock, { useValue: input.clock ?? { now: () => new Date() } });
  c.register(Tokens.Kube, { useFactory: instanceCachingFactory(() => input.kube()) });
  // Built when a function first asks: with the operator's own token (never the impersonated gather identity's).
  const monitoring = (d: DependencyContainer) => ({
    settings: monitoringFromPodConfig(input.config), operatorConfig: d.resolve(Tokens.Kube).operatorConfig, logger: d.resolve(Tokens.Logger),
  });
  c.register(Tokens.Prometheus, { useFactory: instanceCachingFactory((d) => createPrometheusClient(monitoring(d))) });
  c.register(Tokens.Alertmanager, { useFactory: instanceCachingFactory((d) => createAlertmanagerClient(monitoring(d))) });
  // The one-shot `gather` command does not talk to Red Hat: the built-in rules. The operator replaces
  // this with the rules endpoint (register-console-services.ts).
  c.register(Tokens.GatheringRules, {
    useFactory: instanceCachingFactory((d) => new GatheringRulesService({
      endpoint: () => '', releaseVersion: async () => undefined,
      logger: d.resolve(Tokens.Logger).child({ service: 'gathering-rules' }),
      noHttpReason: 'this command does not contact Red Hat (the operator fetches the remote rules)',
    })),
  });
  // Every archive of `gather` and `start` goes through it: the scrubber always, networking obfuscation
  // when the gather's settings ask. The table and the networks are read with the operator's own rights.
  c.register(Tokens.ArchiveProtection, {
    useFactory: instanceCachingFactory((d) => {
      const scrubber = createSecretScrubber();
      return async (settings) => createArchiveProtection({
        networking: settings.obfuscation.networking,
        kubeConfig: settings.obfuscation.networking ? d.resolve(Tokens.Kube).operatorConfig : undefined,
        logger: d.resolve(Tokens.Logger).child({ service: 'protection' }),
        scrubber,
      });
    }),
  });
  c.register(Tokens.GatherService, {
    useFactory: instanceCachingFactory((d) => {
      const kube = d.resolve(Tokens.Kube);
      const clock = d.resolve(Tokens.Clock);
      return new GatherService({
        plugins: d.resolve(Tokens.Plugins),
        kubeSession: () => {
          const session = kube.client.newSession();
          return (signal) => session.withSignal(signal);
        },
        logger: d.resolve(Tokens.Logger),
        now: () => clock.now(),
        protection: d.resolve(Tokens.ArchiveProtection),
        resolveService: (id) => {
          if (input.services !== undefined && Object.hasOwn(input.services, id)) return { found: true, value: input.services[id] };
          const serviceToken = PLUGIN_SERVICES.get(id);
          if (serviceToken === undefined || !d.isRegistered(serviceToken, true)) return { found: false };
          return { found: true, value: d.resolve(serviceToken) };
        },
      });
    }),
  });
  return c;
}
