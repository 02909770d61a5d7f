import { describe, expect, it } from 'vitest';
import { desiredStatus, readConditions, readVersions } from '../../../core/status/cluster-operator-status.ts';
import type { ClusterOperatorStatus } from '../../../core/status/cluster-operator-status.ts';

describe('cluster operator status', () => {
  it('reads conditions leniently: no type dropped, missing reason/message empty, odd status Unknown', () => {
    const status = {
      conditions: [
        { type: 'Available', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' },
        { status: 'True' },
        'junk',
        { type: 'Degraded', status: 'maybe', reason: 'R', message: 'M', lastTransitionTime: '2026-01-01T00:00:00Z' },
      ],
    } as unknown as ClusterOperatorStatus;
    expect(readConditions(status)).toEqual([
      { type: 'Available', status: 'True', reason: '', message: '', lastTransitionTime: '2026-01-01T00:00:00Z' },
      { type: 'Degraded', status: 'Unknown', reason: 'R', message: 'M', lastTransitionTime: '2026-01-01T00:00:00Z' },
    ]);
    expect(readConditions(undefined)).toEqual([]);
    expect(readVersions({ versions: [{ name: 'operator', version: '4.16.1' }, { name: 'x' }] } as never)).toEqual(['4.16.1']);
  });

  it('replaces the managed fields, keeps others, and keeps the extension while the report time is unknown', () => {
    const current = { extension: { lastReportTime: '2026-01-01T00:00:00Z' }, somethingElse: 1, versions: [{ name: 'operator', version: '1.0.0' }] };
    const conditions = [{ type: 'Disabled', status: 'False', reason: 'AsExpected', message: '', lastTransitionTime: '2026-01-02T00:00:00Z' }] as const;
    const kept = desiredStatus(current, { conditions, releaseVersion: '4.17.0', namespace: 'ns', lastReportTime: undefined });
    expect(kept.extension).toEqual({ lastReportTime: '2026-01-01T00:00:00Z' });
    expect(kept.somethingElse).toBe(1);
    expect(kept.versions).toEqual([{ name: 'operator', version: '4.17.0' }]);
    expect(kept.conditions).toEqual([{ type: 'Disabled', status: 'False', reason: 'AsExpected', lastTransitionTime: '2026-01-02T00:00:00Z' }]);
    expect(kept.relatedObjects?.[0]).toEqual({ group: '', resource: 'namespaces', name: 'ns' });

    const updated = desiredStatus(current, { conditions, releaseVersion: '4.17.0', namespace: 'ns', lastReportTime: new Date('2026-01-03T01:02:03.900Z') });
    expect(updated.extension).toEqual({ lastReportTime: '2026-01-03T01:02:03Z' });
  });
});
