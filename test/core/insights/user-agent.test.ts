import { describe, expect, it } from 'vitest';
import { OPERATOR_VERSION } from '../../../core/cli/version.ts';
import { userAgent } from '../../../core/insights/user-agent.ts';

describe('userAgent', () => {
  it('is insights-operator/<version>-<commit> cluster/<clusterID>', () => {
    expect(userAgent('c-1', { RELEASE_VERSION: '4.17.0', SOURCE_GIT_COMMIT: 'deadbeef' })).toBe('insights-operator/4.17.0-deadbeef cluster/c-1');
  });

  it('falls back to the package version and "unknown"', () => {
    expect(userAgent('c-1', { RELEASE_VERSION: '', SOURCE_GIT_COMMIT: '' })).toBe(`insights-operator/${OPERATOR_VERSION}-unknown cluster/c-1`);
  });
});
