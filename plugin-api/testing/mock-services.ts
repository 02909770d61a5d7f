import { coreServices } from '../service-ref.ts';
import { mockAlertmanager, mockGatheringRules, mockPrometheus } from './mock-monitoring.ts';
import type { Clock, ServiceRef } from '../service-ref.ts';

const FACTORY_BRAND: unique symbol = Symbol.for('insights-operator.testing.service-factory');

/** The instant mock clocks stand still at unless told otherwise: fixed, so that records are reproducible. */
export const DEFAULT_MOCK_NOW = '2025-01-01T00:00:00.000Z';

/**
 * Makes a fresh implementation of a service for each gather (Backstage's `.factory()` form): pass it
 * in the `services` option under the service's id, or as `services: factories(...)`.
 */
export interface ServiceFactory<T> {
  readonly [FACTORY_BRAND]: true;
  /** The service it implements. */
  readonly service: ServiceRef<T>;
  /** A new implementation. */
  create(): T;
}

/**
 * Whether a value was made by a mock's `.factory()`.
 * @param value - candidate
 */
export function isServiceFactory(value: unknown): value is ServiceFactory<unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[FACTORY_BRAND] === true;
}

/**
 * Turns the kit's `services` option (id → implementation or factory) into implementations, calling
 * each factory once.
 * @param services - the option as given
 */
export function resolveServiceOption(services: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const resolved: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(services ?? {})) resolved[id] = isServiceFactory(value) ? value.create() : value;
  return resolved;
}

/** A clock for tests: stands still until moved. */
export interface FakeClock extends Clock {
  /** Moves the clock to `when`. */
  set(when: Date | string | number): void;
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void;
}

/** A recorded call of a spied method: its arguments and what it returned. */
export interface SpyCall<A extends unknown[], R> {
  args: A;
  result: R;
}

/** A method that records its calls and whose implementation can be replaced. */
export interface SpyFunction<A extends unknown[], R> {
  (...args: A): R;
  /** Every call so far, oldest first. */
  readonly calls: ReadonlyArray<SpyCall<A, R>>;
  /** Replaces what the method does from now on. */
  mockImplementation(implementation: (...args: A) => R): void;
  /** Forgets the recorded calls. */
  reset(): void;
}

/** The spy form of the clock: `now` records every call. */
export interface ClockSpy extends Clock {
  readonly now: SpyFunction<[], Date>;
}

function toDate(when: Date | string | number | undefined): Date {
  const date = new Date(when ?? DEFAULT_MOCK_NOW);
  if (Number.isNaN(date.getTime())) throw new TypeError(`mockServices.clock: ${String(when)} is not a time`);
  return date;
}

function spyOn<A extends unknown[], R>(implementation: (...args: A) => R): SpyFunction<A, R> {
  let current = implementation;
  const calls: Array<SpyCall<A, R>> = [];
  const spy = ((...args: A): R => {
    const result = current(...args);
    calls.push({ args, result });
    return result;
  }) as SpyFunction<A, R>;
  Object.defineProperty(spy, 'calls', { get: () => calls });
  spy.mockImplementation = (next) => {
    current = next;
  };
  spy.reset = () => {
    calls.length = 0;
  };
  return spy;
}

/**
 * A working fake clock standing at `now` (default {@link DEFAULT_MOCK_NOW}); each call of `now()` returns
 * a new Date, so a plugin that mutates it does not move the clock.
 */
function fakeClock(now?: Date | string | number): FakeClock {
  let current = toDate(now).getTime();
  return {
    now: () => new Date(current),
    set: (when) => {
      current = toDate(when).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

/** The three forms of the mock clock. */
export interface MockClock {
  /** A working fake standing at `now` (default {@link DEFAULT_MOCK_NOW}). */
  (now?: Date | string | number): FakeClock;
  /**
   * A spy: `now` records its calls and answers with `partial.now` when given, else the default instant;
   * replace it later with `spy.now.mockImplementation(...)`.
   */
  mock(partial?: Partial<Clock>): ClockSpy;
  /** A factory making a fresh fake at `now` for each gather. */
  factory(now?: Date | string | number): ServiceFactory<Clock>;
}

const clock: MockClock = Object.assign((now?: Date | string | number) => fakeClock(now), {
  mock: (partial: Partial<Clock> = {}): ClockSpy => {
    const fallback = fakeClock();
    return { now: spyOn(partial.now ?? (() => fallback.now())) };
  },
  factory: (now?: Date | string | number): ServiceFactory<Clock> => ({
    [FACTORY_BRAND]: true as const,
    service: coreServices.clock,
    create: () => fakeClock(now),
  }),
});

/**
 * Mocks of the services the plugin API offers (`coreServices`), each in three forms as Backstage's:
 * `mockServices.clock(now)` a working fake, `.mock()` a spy, `.factory(now)` a factory. Pass them to
 * the kit by service id: `services: { [coreServices.clock.id]: mockServices.clock('2025-06-01') }`.
 */
export const mockServices = {
  clock,
  /** A Prometheus answering given firing alerts, queries and GET bodies (`coreServices.prometheus`). */
  prometheus: mockPrometheus,
  /** An Alertmanager answering given GET bodies (`coreServices.alertmanager`). */
  alertmanager: mockAlertmanager,
  /** Given gathering rules, as if fetched (`coreServices.gatheringRules`). */
  gatheringRules: mockGatheringRules,
} as const;
