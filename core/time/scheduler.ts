/** Handle of a scheduled callback, as `setTimeout` returns. */
export type TimerHandle = unknown;

/** A `setTimeout`-like scheduler, injected so tests can drive time without sleeping. */
export interface Scheduler {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The real timers. Timers are unref'd: a pending prune never keeps the process alive on its own.
 */
export const realScheduler: Scheduler = {
  setTimeout(callback, ms) {
    return setTimeout(callback, ms).unref();
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

/** The pino-like logger the background services write through; a pino `Logger` fits. */
export interface PrunerLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
