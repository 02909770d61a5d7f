/** The outcome of one task: settled here so that no rejection is ever left unobserved. */
export type Settled<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

/**
 * Runs `task` over `items` with at most `limit` running at once and yields their outcomes in the order
 * of `items` (so that records come out in a stable order), as soon as each one and those before it are
 * done. Nothing new starts once `signal` is aborted; tasks already running are expected to honour it.
 * @param items - the inputs
 * @param limit - how many tasks may run at the same time (at least 1)
 * @param signal - stops starting new tasks
 * @param task - the work for one input
 */
export async function* inOrderPool<T, R>(
  items: Iterable<T>,
  limit: number,
  signal: AbortSignal,
  task: (item: T) => Promise<R>,
): AsyncGenerator<Settled<R>> {
  const iterator = items[Symbol.iterator]();
  const running: Array<Promise<Settled<R>>> = [];
  const startNext = (): boolean => {
    if (signal.aborted) return false;
    const next = iterator.next();
    if (next.done === true) return false;
    running.push(task(next.value).then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error })));
    return true;
  };
  while (running.length < Math.max(1, limit) && startNext());
  while (running.length > 0) {
    const outcome = await running.shift()!;
    startNext();
    yield outcome;
  }
}
