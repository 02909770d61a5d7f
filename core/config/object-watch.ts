import { Watch } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { describeError } from '../errors/codes.ts';
import type { Scheduler, TimerHandle } from '../time/scheduler.ts';

/** First and longest wait before a watch that ended is opened again. */
export const WATCH_BACKOFF = { initialMs: 1000, maxMs: 30_000 } as const;

/** Server-side lifetime asked of each watch (kube ends it then; client-go picks 5–10 minutes). */
const WATCH_TIMEOUT_SECONDS = 300;
/**
 * The client aborts a watch that sends nothing for this long (its default, 30 s, would cut quiet
 * watches between kube's bookmarks); a little longer than the server-side lifetime.
 */
const WATCH_IDLE_MS = (WATCH_TIMEOUT_SECONDS + 30) * 1000;

/** What an {@link ObjectWatch} reports. */
export interface ObjectWatchOptions {
  kubeConfig: KubeConfig;
  /** The list path, e.g. `/api/v1/namespaces/openshift-insights/configmaps`. */
  path: string;
  /** The one object watched (sent as `fieldSelector=metadata.name=<name>`). */
  name: string;
  /** Names the watch in log lines. */
  description: string;
  logger: Logger;
  scheduler: Scheduler;
  now: () => Date;
  /** An ADDED, MODIFIED or DELETED event arrived (bookmarks only keep the watch healthy). */
  onChange: () => void;
  /** The watch is open, the first time or again after an end: changes may have been missed meanwhile. */
  onConnected: () => void;
}

/**
 * One watch on one object, reopened after it ends or fails: the wait doubles from 1 s to 30 s and starts
 * over after an event arrives (or after a watch that stayed open longer than the longest wait). A 404
 * answer means the kind is not served: the watch is then not reopened, and the caller's periodic re-read
 * is all that notices changes.
 */
export class ObjectWatch {
  readonly #o: ObjectWatchOptions;
  #controller: AbortController | undefined;
  #timer: TimerHandle | undefined;
  #backoffMs: number = WATCH_BACKOFF.initialMs;
  #stopped = false;
  #started = false;

  constructor(options: ObjectWatchOptions) {
    this.#o = options;
  }

  /** Opens the watch (once). */
  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    void this.#open();
  }

  /** Ends the watch and any pending reopen; idempotent. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#o.scheduler.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#controller?.abort();
    this.#controller = undefined;
  }

  async #open(): Promise<void> {
    const o = this.#o;
    this.#timer = undefined;
    if (this.#stopped) return;
    const watch = new Watch(o.kubeConfig);
    // The client declares the idle timeout private; it has no option for it.
    (watch as unknown as { requestTimeoutMs: number }).requestTimeoutMs = WATCH_IDLE_MS;
    const openedAt = o.now().getTime();
    let ended = false;
    const onEvent = (type: string): void => {
      if (this.#stopped) return;
      if (type === 'ERROR') return;
      this.#backoffMs = WATCH_BACKOFF.initialMs;
      if (type !== 'BOOKMARK') o.onChange();
    };
    const onDone = (error: unknown): void => {
      ended = true;
      this.#controller = undefined;
      if (this.#stopped) return;
      if (statusCodeOf(error) === 404) {
        o.logger.info({ watch: o.description }, `${o.description} is not served; it is read periodically instead of watched`);
        return;
      }
      if (error !== null && error !== undefined) {
        o.logger.debug({ watch: o.description, err: describeError(error) }, `watch of ${o.description} failed`);
      }
      if (o.now().getTime() - openedAt >= WATCH_BACKOFF.maxMs) this.#backoffMs = WATCH_BACKOFF.initialMs;
      this.#reopenLater();
    };
    let controller: AbortController;
    try {
      controller = await watch.watch(
        o.path,
        { fieldSelector: `metadata.name=${o.name}`, allowWatchBookmarks: true, timeoutSeconds: WATCH_TIMEOUT_SECONDS },
        (type) => onEvent(type),
        onDone,
      );
    } catch (error) {
      // Failures before the request (no current cluster, credentials that cannot be loaded) land here.
      onDone(error);
      return;
    }
    if (this.#stopped) {
      controller.abort();
      return;
    }
    if (ended) return;
    this.#controller = controller;
    o.onConnected();
  }

  #reopenLater(): void {
    if (this.#stopped || this.#timer !== undefined) return;
    const delay = this.#backoffMs;
    this.#backoffMs = Math.min(this.#backoffMs * 2, WATCH_BACKOFF.maxMs);
    this.#timer = this.#o.scheduler.setTimeout(() => void this.#open(), delay);
  }
}

function statusCodeOf(error: unknown): number | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { statusCode?: unknown }).statusCode : undefined;
  return typeof code === 'number' ? code : undefined;
}
