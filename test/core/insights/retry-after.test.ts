import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../core/insights/retry-after.ts';

const NOW = new Date('2025-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('2', NOW)).toBe(2000);
    expect(parseRetryAfter(' 120 ', NOW)).toBe(120_000);
    expect(parseRetryAfter('0', NOW)).toBe(0);
  });

  it('reads an HTTP-date relative to now, in all three HTTP forms', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:00:02 GMT', NOW)).toBe(2000);
    expect(parseRetryAfter('Saturday, 01-Mar-25 12:01:00 GMT', NOW)).toBe(60_000);
    expect(parseRetryAfter('Sat Mar  1 12:00:05 2025', NOW)).toBe(5000);
  });

  it('a date in the past means now', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 11:00:00 GMT', NOW)).toBe(0);
  });

  it('returns undefined for absent or malformed values', () => {
    for (const bad of [undefined, '', '  ', '-1', '1.5', '+3', 'soon', '2 seconds', 'Foo, 99 Bar 2025']) {
      expect(parseRetryAfter(bad, NOW)).toBeUndefined();
    }
  });
});
