import { realScheduler } from './scheduler.ts';
import type { Scheduler } from './scheduler.ts';

/** Options of {@link abortableDelay}. */
export interface AbortableDelayOptions {
  /** Timers; real, unref'd timers by default. */
  scheduler?: Scheduler | undefined;
  /** Ends the wait early: the promise then rejects with the signal's reason and the timer is cleared. */
  signal?: AbortSignal | undefined;
}

/**
 * Resolves after `ms` milliseconds of the scheduler's time, or rejects with `signal.reason` as soon as
 * the signal aborts (at once if it already has), so a stopping service never waits out a long timer.
 */
export function abortableDelay(ms: number, options: AbortableDelayOptions = {}): Promise<void> {
  const scheduler = options.scheduler ?? realScheduler;
  const signal = options.signal;
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      scheduler.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = scheduler.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Settles as `promise` does, or rejects with `signal.reason` when the signal aborts first. For calls
 * that cannot be cancelled themselves (the Kubernetes client's): the caller stops waiting, the call
 * finishes in the background and its outcome is ignored.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      promise.catch(() => {});
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
