import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../core/status/token-bucket.ts';

describe('TokenBucket', () => {
  it('grants the burst at once, then one token per interval', () => {
    let t = 1_000;
    const bucket = new TokenBucket(100, 2, () => t);
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBe(100);
    // The reservation above is already counted: the next one waits a further interval.
    expect(bucket.reserve()).toBe(200);
    t += 1_000;
    // Refilled to the burst, never beyond it.
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBe(100);
  });

  it('refills fractionally and ignores a clock stepping back', () => {
    let t = 0;
    const bucket = new TokenBucket(100, 1, () => t);
    expect(bucket.reserve()).toBe(0);
    t = 40;
    expect(bucket.reserve()).toBe(60);
    t = 10;
    expect(bucket.reserve()).toBe(160);
  });

  it('refuses a non-positive interval or a burst below 1', () => {
    expect(() => new TokenBucket(0, 2, () => 0)).toThrow(RangeError);
    expect(() => new TokenBucket(10, 0, () => 0)).toThrow(RangeError);
  });
});
