import type { InjectionToken } from 'tsyringe';
import type { Logger } from 'pino';
import type { Clock } from '../../plugin-api/service-ref.ts';
import type { OperatorConfigFile } from '../config/operator-config.ts';
import type { GatherService } from '../gather/gather-service.ts';
import type { KubeConnection } from '../kube/connect.ts';
import type { LoadResult } from '../loader/plugin-loader.ts';
import type { EntryTransform } from '../recorder/recorder.ts';

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
  EntryTransform: token<EntryTransform>('core.entry-transform'),
  GatherService: token<GatherService>('core.gather-service'),
} as const;
