import { describe, expect, it } from 'vitest';
import { abortableDelay, untilAborted } from '../../../core/time/abortable-delay.ts';
import type { Scheduler, TimerHandle } from '../../../core/time/scheduler.ts';

describe('abortableDelay', () => {
  it('resolves after the delay', async () => {
    const started = performance.now();
    await abortableDelay(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('rejects with the reason and clears the timer when aborted', async () => {
    const cleared: TimerHandle[] = [];
    const scheduler: Scheduler = {
      setTimeout: (cb, ms) => setTimeout(cb, ms),
      clearTimeout: (h) => {
        cleared.push(h);
        clearTimeout(h as NodeJS.Timeout);
      },
    };
    const abort = new AbortController();
    const pending = abortableDelay(60_000, { scheduler, signal: abort.signal });
    abort.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    expect(cleared).toHaveLength(1);
  });

  it('rejects at once on an aborted signal', async () => {
    await expect(abortableDelay(60_000, { signal: AbortSignal.abort(new Error('already')) })).rejects.toThrow('already');
  });
});

describe('untilAborted', () => {
  it('passes the outcome through', async () => {
    await expect(untilAborted(Promise.resolve(3), new AbortController().signal)).resolves.toBe(3);
    await expect(untilAborted(Promise.reject(new Error('x')), new AbortController().signal)).rejects.toThrow('x');
  });

  it('stops waiting when the signal aborts', async () => {
    const abort = new AbortController();
    const never = new Promise<number>(() => {});
    const pending = untilAborted(never, abort.signal);
    abort.abort(new Error('gone'));
    await expect(pending).rejects.toThrow('gone');
  });
});
