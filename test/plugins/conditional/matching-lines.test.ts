import { describe, expect, it } from 'vitest';
import { matchingLines } from '../../../plugins/conditional/matching-lines.ts';

describe('matchingLines', () => {
  it('keeps matching lines in order, each ending in a newline, testing them without their line ending', () => {
    const seen: string[] = [];
    const kept = matchingLines('a1\r\nb2\na3\n\na4', (line) => {
      seen.push(line);
      return line.startsWith('a');
    });
    expect(seen).toEqual(['a1', 'b2', 'a3', '', 'a4']);
    expect(kept).toBe('a1\na3\na4\n');
    expect(matchingLines('', () => true)).toBe('');
    expect(matchingLines('b\n', (l) => l === 'a')).toBe('');
  });
});
