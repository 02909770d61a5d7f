import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, retryDelay, retryPolicy } from '../../../core/upload/retry-policy.ts';

describe('retryPolicy', () => {
  it('defaults to 5 s, ×2, 60 s, within interval/8', () => {
    expect(retryPolicy(2 * 3_600_000)).toEqual({ initialMs: 5_000, factor: 2, maxMs: 60_000, maxElapsedMs: 15 * 60_000 });
    expect(DEFAULT_RETRY.maxElapsedFraction).toBe(1 / 8);
  });

  it('takes each override on its own', () => {
    expect(retryPolicy(800, { initialMs: 50, maxMs: 400 })).toEqual({ initialMs: 50, factor: 2, maxMs: 400, maxElapsedMs: 100 });
    expect(retryPolicy(800, { factor: 3, maxElapsedMs: 5 })).toMatchObject({ factor: 3, maxElapsedMs: 5 });
  });
});

describe('retryDelay', () => {
  const policy = retryPolicy(8_000, { initialMs: 50, factor: 2, maxMs: 400 });

  it('is full jitter over an exponential cap: random × min(max, initial × factor^k)', () => {
    expect([0, 1, 2, 3, 4, 5].map((k) => retryDelay(policy, k, () => 1))).toEqual([50, 100, 200, 400, 400, 400]);
    expect(retryDelay(policy, 2, () => 0.25)).toBe(50);
    expect(retryDelay(policy, 0, () => 0)).toBe(0);
  });

  it('never undercuts Retry-After, which is clamped to the max', () => {
    expect(retryDelay(policy, 0, () => 0.5, 300)).toBe(300);
    expect(retryDelay(policy, 3, () => 1, 100)).toBe(400);
    expect(retryDelay(policy, 0, () => 0.5, 2_000)).toBe(400);
    expect(retryDelay(policy, 0, () => 0.5, 0)).toBe(25);
  });
});
