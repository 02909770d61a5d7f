import { describe, expect, it } from 'vitest';
import { clusterVersionMatches, conditionHolds } from '../../../plugins/conditional/conditions.ts';

describe('cluster_version_matches', () => {
  it.each([
    // [range, version, matches]
    ['>=4.17.0 <4.19.0', '4.18.2', true],
    ['>=4.17.0 <4.19.0', '4.19.0', false],
    ['>=4.17.0 <4.19.0', '4.16.9', false],
    ['4.18.x', '4.18.2', true],
    ['~4.18.0', '4.18.7', true],
    ['>=4.17.0 <4.19.0 || 4.20.x', '4.20.1', true],
    // Pre-releases: the full version counts (a nightly of 4.18 is >= 4.18.0-0)…
    ['>=4.18.0-0', '4.18.0-0.nightly-2026-11-01-101010', true],
    // …and so does the version without its pre-release: 4.18.0-rc.1 is in 4.18.x, as the original allows.
    ['4.18.x', '4.18.0-rc.1', true],
    ['>=4.18.0', '4.18.0-rc.1', true],
    ['<4.18.0', '4.18.0-rc.1', true],
    ['4.17.x', '4.18.0-rc.1', false],
    // Build metadata is ignored.
    ['4.18.2', '4.18.2+build.7', true],
  ])('%s against %s → %s', (range, version, expected) => {
    expect(clusterVersionMatches(range, version)).toBe(expected);
  });

  it('cannot be told without a version, or with one that is not semver', () => {
    expect(() => clusterVersionMatches('4.18.x', undefined)).toThrow(/cluster's version is unknown/);
    expect(() => clusterVersionMatches('4.18.x', 'four')).toThrow(/"four" is not a semantic version/);
  });
});

describe('alert_is_firing', () => {
  const alerts = new Map([['KubePodCrashLooping', [{ alertname: 'KubePodCrashLooping', namespace: 'openshift-x', pod: 'p' }]]]);
  it('holds when an alert of that name fires, whatever its labels', () => {
    const inputs = { firingAlerts: alerts, alertsError: undefined, clusterVersion: '4.18.2' };
    expect(conditionHolds({ type: 'alert_is_firing', alert: { name: 'KubePodCrashLooping' } }, inputs)).toBe(true);
    expect(conditionHolds({ type: 'alert_is_firing', alert: { name: 'KubePodNotReady' } }, inputs)).toBe(false);
  });

  it('cannot be told when the alerts could not be read, and says why', () => {
    const inputs = { firingAlerts: undefined, alertsError: 'prometheus GET … failed (refused)', clusterVersion: '4.18.2' };
    expect(() => conditionHolds({ type: 'alert_is_firing', alert: { name: 'X' } }, inputs)).toThrow(/alert_is_firing X: the firing alerts are unknown: prometheus GET … failed \(refused\)/);
  });
});
