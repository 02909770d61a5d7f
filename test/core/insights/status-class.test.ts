import { describe, expect, it } from 'vitest';
import { classifyStatus } from '../../../core/insights/status-class.ts';

describe('classifyStatus (reliability §1.3)', () => {
  it.each([
    [200, 'success'], [202, 'success'], [204, 'success'], [299, 'success'],
    [408, 'retry'], [429, 'retry'], [500, 'retry'], [502, 'retry'], [503, 'retry'], [504, 'retry'], [599, 'retry'],
    [401, 'auth'], [403, 'auth'],
    [400, 'fail'], [404, 'fail'], [409, 'fail'], [413, 'fail'], [415, 'fail'], [501, 'fail'],
    [100, 'fail'], [301, 'fail'], [304, 'fail'], [0, 'fail'], [600, 'fail'],
  ] as const)('%i → %s', (code, expected) => {
    expect(classifyStatus(code)).toBe(expected);
  });
});
