import { formatConditionTime } from './condition.ts';
import type { Condition, ConditionStatus } from './condition.ts';

/** One `status.relatedObjects` entry; `group` is always written (empty for the core group), as the original's struct does. */
export interface ObjectReference {
  readonly group: string;
  readonly resource: string;
  readonly namespace?: string;
  readonly name: string;
}

/** One `status.versions` entry. */
export interface OperandVersion {
  readonly name: string;
  readonly version: string;
}

/** A condition as stored: empty `reason`/`message` are left out, as the original's `omitempty` fields are. */
export interface WireCondition {
  readonly type: string;
  readonly status: ConditionStatus;
  readonly lastTransitionTime: string;
  readonly reason?: string;
  readonly message?: string;
}

/** `clusteroperators.config.openshift.io` `status`, with room for fields this operator does not manage. */
export interface ClusterOperatorStatus {
  conditions?: WireCondition[];
  versions?: OperandVersion[];
  relatedObjects?: ObjectReference[];
  extension?: unknown;
  [field: string]: unknown;
}

/** What the status is built from besides the status already on the ClusterOperator. */
export interface DesiredStatusInput {
  /** The computed conditions (`computeConditions`). */
  readonly conditions: readonly Condition[];
  readonly releaseVersion: string;
  /** The operator's namespace, for `relatedObjects`. */
  readonly namespace: string;
  /** When an archive was last accepted; when unknown, the extension already written is kept. */
  readonly lastReportTime: Date | undefined;
}

/** The objects `oc adm inspect co/insights` and must-gather collect with the operator (the original's list). */
export function relatedObjects(namespace: string): ObjectReference[] {
  return [
    { group: '', resource: 'namespaces', name: namespace },
    { group: 'apps', resource: 'deployments', namespace, name: 'insights-operator' },
    { group: '', resource: 'secrets', namespace: 'openshift-config', name: 'pull-secret' },
    { group: '', resource: 'secrets', namespace: 'openshift-config', name: 'support' },
    { group: '', resource: 'serviceaccounts', namespace, name: 'gather' },
    { group: '', resource: 'serviceaccounts', namespace, name: 'operator' },
    { group: '', resource: 'services', namespace, name: 'metrics' },
    { group: '', resource: 'configmaps', namespace, name: 'service-ca-bundle' },
    { group: 'operator.openshift.io', resource: 'insightsoperators', name: 'cluster' },
    { group: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: 'insights-operator' },
    { group: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: 'insights-operator-gather' },
    { group: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: 'insights-runtime-extractor-role' },
  ];
}

/**
 * The conditions of a status as read from the API, for `computeConditions`: entries without a type are
 * dropped, a missing reason or message reads as empty, an unknown status as `Unknown`.
 */
export function readConditions(status: ClusterOperatorStatus | undefined): Condition[] {
  const raw: unknown = status?.conditions;
  if (!Array.isArray(raw)) return [];
  const conditions: Condition[] = [];
  for (const entry of raw as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const c = entry as Record<string, unknown>;
    if (typeof c.type !== 'string' || c.type === '') continue;
    conditions.push({
      type: c.type,
      status: c.status === 'True' || c.status === 'False' ? c.status : 'Unknown',
      reason: typeof c.reason === 'string' ? c.reason : '',
      message: typeof c.message === 'string' ? c.message : '',
      lastTransitionTime: typeof c.lastTransitionTime === 'string' ? c.lastTransitionTime : '',
    });
  }
  return conditions;
}

/** The versions already written (`status.versions[].version`), for `isMajorMinorChange`. */
export function readVersions(status: ClusterOperatorStatus | undefined): string[] {
  const raw: unknown = status?.versions;
  if (!Array.isArray(raw)) return [];
  return (raw as unknown[]).flatMap((v) =>
    typeof v === 'object' && v !== null && typeof (v as { version?: unknown }).version === 'string' ? [(v as { version: string }).version] : [],
  );
}

/**
 * The status to write: the current one with conditions, versions, related objects and (when known)
 * the last report time replaced. Nothing else is added, so no secret can reach it from here.
 */
export function desiredStatus(current: ClusterOperatorStatus | undefined, input: DesiredStatusInput): ClusterOperatorStatus {
  const status: ClusterOperatorStatus = {
    ...current,
    conditions: input.conditions.map(toWireCondition),
    versions: [{ name: 'operator', version: input.releaseVersion }],
    relatedObjects: relatedObjects(input.namespace),
  };
  if (input.lastReportTime !== undefined) status.extension = { lastReportTime: formatConditionTime(input.lastReportTime) };
  return status;
}

function toWireCondition(c: Condition): WireCondition {
  return {
    type: c.type,
    status: c.status,
    lastTransitionTime: c.lastTransitionTime,
    ...(c.reason === '' ? {} : { reason: c.reason }),
    ...(c.message === '' ? {} : { message: c.message }),
  };
}
