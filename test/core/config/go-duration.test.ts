import { describe, expect, it } from 'vitest';
import { formatDuration, parseGoDuration } from '../../../core/config/go-duration.ts';

describe('parseGoDuration', () => {
  it.each([
    ['2h', 7_200_000], ['1h30m', 5_400_000], ['90s', 90_000], ['250ms', 250], ['1.5h', 5_400_000], ['0', 0],
    ['0s', 0], ['-1s', -1000], ['+5m', 300_000], ['1000us', 1], ['1000000ns', 1], ['.5s', 500],
  ])('%s → %d ms', (text, ms) => expect(parseGoDuration(text)).toBe(ms));

  it.each(['', '10', '5 m', 'abc', '1d', '-', 'h', ' 5m', '5m '])('rejects %j', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });

  it('formats', () => {
    expect(formatDuration(7_200_000)).toBe('2h');
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(-300_000)).toBe('-5m');
  });
});
