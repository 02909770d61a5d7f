import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestLimiter } from '../../../core/kube/request-limiter.ts';

describe('RequestLimiter (shared QPS and burst)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lets a burst through at once, then spaces requests at qps', async () => {
    const limiter = new RequestLimiter({ qps: 10, burst: 3, now: () => Date.now() });
    const granted: number[] = [];
    const start = Date.now();
    const all = Array.from({ length: 6 }, () => limiter.acquire().then(() => granted.push(Date.now() - start)));
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(all);
    expect(granted.slice(0, 3)).toEqual([0, 0, 0]);
    // Then one every 100 ms: at 100, 200, 300 (allowing a millisecond of rounding).
    expect(granted.slice(3).map((t) => Math.round(t / 10) * 10)).toEqual([100, 200, 300]);
  });

  it('serves waiters in order and refills up to the burst only', async () => {
    const limiter = new RequestLimiter({ qps: 100, burst: 2, now: () => Date.now() });
    await limiter.acquire();
    await limiter.acquire();
    await vi.advanceTimersByTimeAsync(10_000); // a long idle period refills to 2, not 1000
    const order: number[] = [];
    const waiters = [1, 2, 3, 4].map((n) => limiter.acquire().then(() => order.push(n)));
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(25);
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('rejects a waiter whose signal aborts, without losing the others', async () => {
    const limiter = new RequestLimiter({ qps: 1, burst: 1, now: () => Date.now() });
    await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const next = limiter.acquire();
    controller.abort(new Error('deadline'));
    await expect(aborted).rejects.toThrow('deadline');
    await vi.advanceTimersByTimeAsync(1000);
    await expect(next).resolves.toBeUndefined();
  });

  it('refuses nonsense settings', () => {
    expect(() => new RequestLimiter({ qps: 0, burst: 1 })).toThrow(RangeError);
    expect(() => new RequestLimiter({ qps: 1, burst: 0 })).toThrow(RangeError);
  });
});
