import { instanceCachingFactory } from 'tsyringe';
import type { DependencyContainer, InjectionToken } from 'tsyringe';

/** Registers a factory whose instance is made once, on first resolve (tsyringe without decorators). */
export function singleton<T>(c: DependencyContainer, token: InjectionToken<T>, make: (d: DependencyContainer) => T): void {
  c.register(token, { useFactory: instanceCachingFactory(make) });
}
