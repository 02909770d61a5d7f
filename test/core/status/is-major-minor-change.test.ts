import { describe, expect, it } from 'vitest';
import { isMajorMinorChange } from '../../../core/status/is-major-minor-change.ts';

describe('isMajorMinorChange', () => {
  it('is true only for a major or minor change', () => {
    expect(isMajorMinorChange(['4.17.3'], '4.18.0')).toBe(true);
    expect(isMajorMinorChange(['4.17.3'], '5.17.3')).toBe(true);
    expect(isMajorMinorChange(['4.17.3'], '4.17.9')).toBe(false);
  });
  it('is false on the first write and for unparsable versions', () => {
    expect(isMajorMinorChange([], '4.18.0')).toBe(false);
    expect(isMajorMinorChange(['4.17.3'], 'garbage')).toBe(false);
    expect(isMajorMinorChange(['garbage'], '4.18.0')).toBe(false);
  });
});
