import { ApiException, CustomObjectsApi } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { formatConditionTime } from '../status/condition.ts';
import type { HealthCheck } from './report-summary.ts';

/** `insightsoperators.operator.openshift.io/cluster`, where the last report is summarised. */
export const INSIGHTS_OPERATOR = { group: 'operator.openshift.io', version: 'v1', plural: 'insightsoperators', name: 'cluster' } as const;

/** `status.insightsReport` of the InsightsOperator. */
export interface InsightsReportStatus {
  downloadedAt: Date;
  healthChecks: HealthCheck[];
}

interface InsightsOperatorObject {
  metadata?: { resourceVersion?: string };
  status?: Record<string, unknown>;
  [field: string]: unknown;
}

/** Attempts of a status write that keeps losing races (409) to another writer. */
const CONFLICT_ATTEMPTS = 3;

/**
 * Writes `status.insightsReport {downloadedAt, healthChecks}` of the InsightsOperator `cluster` through
 * its status subresource, keeping the rest of its status. Resolves `false` when the resource (or its
 * CRD) does not exist; Kubernetes errors are rethrown.
 */
export async function writeInsightsReportStatus(kubeConfig: KubeConfig, report: InsightsReportStatus): Promise<boolean> {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const { group, version, plural, name } = INSIGHTS_OPERATOR;
  for (let attempt = 1; ; attempt += 1) {
    let current: InsightsOperatorObject;
    try {
      current = (await api.getClusterCustomObject({ group, version, plural, name })) as InsightsOperatorObject;
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return false;
      throw error;
    }
    const insightsReport = { downloadedAt: formatConditionTime(report.downloadedAt), healthChecks: report.healthChecks };
    const body = { ...current, status: { ...current.status, insightsReport } };
    try {
      await api.replaceClusterCustomObjectStatus({ group, version, plural, name, body });
      return true;
    } catch (error) {
      if (!(error instanceof ApiException && error.code === 409) || attempt >= CONFLICT_ATTEMPTS) throw error;
    }
  }
}
