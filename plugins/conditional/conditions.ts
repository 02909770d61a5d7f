import semver from 'semver';
import type { GatheringRuleCondition } from 'insights-operator/plugin-api';
import type { AlertLabels } from './conditional-state.ts';

/** What the conditions are evaluated against. */
export interface ConditionInputs {
  readonly firingAlerts: ReadonlyMap<string, readonly AlertLabels[]> | undefined;
  /** Why the alerts are unknown, when they are. */
  readonly alertsError: string | undefined;
  readonly clusterVersion: string | undefined;
}

/**
 * Evaluates one condition: `true`/`false`, or throws with why it cannot be told (the rule then records
 * the error and does not trigger, as in the original).
 */
export function conditionHolds(condition: GatheringRuleCondition, inputs: ConditionInputs): boolean {
  switch (condition.type) {
    case 'alert_is_firing': {
      if (inputs.firingAlerts === undefined) throw new Error(`alert_is_firing ${condition.alert.name}: the firing alerts are unknown: ${inputs.alertsError ?? 'not read'}`);
      return inputs.firingAlerts.has(condition.alert.name);
    }
    case 'cluster_version_matches':
      return clusterVersionMatches(condition.cluster_version_matches.version, inputs.clusterVersion);
    default:
      throw new Error(`unknown condition type ${JSON.stringify((condition as { type?: unknown }).type)}`);
  }
}

/**
 * Whether the cluster's version is in the semver range, tried on the full version (pre-releases
 * included: `4.17.0-0.nightly` is in `>=4.17.0-0`) and on the version without its pre-release and build
 * (`4.17.0-0.nightly` is also in `4.17.x`), as the original accepts either.
 */
export function clusterVersionMatches(range: string, version: string | undefined): boolean {
  if (version === undefined) throw new Error(`cluster_version_matches ${range}: the cluster's version is unknown`);
  const parsed = semver.parse(version);
  if (parsed === null) throw new Error(`cluster_version_matches ${range}: the cluster's version ${JSON.stringify(version)} is not a semantic version`);
  if (semver.validRange(range) === null) throw new Error(`cluster_version_matches: ${JSON.stringify(range)} is not a semver range`);
  return semver.satisfies(parsed, range, { includePrerelease: true })
    || semver.satisfies(`${parsed.major}.${parsed.minor}.${parsed.patch}`, range);
}
