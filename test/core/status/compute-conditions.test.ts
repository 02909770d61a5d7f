import { describe, expect, it } from 'vitest';
import { computeConditions } from '../../../core/status/compute-conditions.ts';
import type { StatusInput } from '../../../core/status/compute-conditions.ts';
import type { Condition } from '../../../core/status/condition.ts';
import { StatusSources } from '../../../core/status/status-sources.ts';

const t0 = new Date('2026-01-01T00:00:00Z');
const at = (minutes: number): Date => new Date(t0.getTime() + minutes * 60_000);
const uploadFail = { healthy: false, reason: 'UploadFailed', message: 'unable to upload: 503' };

function compute(previous: Condition[], sources: StatusSources, input: Partial<StatusInput> = {}): Condition[] {
  return computeConditions(previous, { sources: sources.snapshot(), disabled: undefined, startedAt: t0, now: at(10), ...input });
}
function get(conditions: Condition[], type: string): Condition | undefined {
  return conditions.find((c) => c.type === type);
}
function brief(conditions: Condition[], type: string): string | undefined {
  const c = get(conditions, type);
  return c === undefined ? undefined : `${c.status}/${c.reason}`;
}
function readySources(): StatusSources {
  const s = new StatusSources();
  s.report('Uploading', { healthy: true, reason: 'Succeeded', message: 'uploaded' });
  s.report('DownloadingReport', { healthy: true, reason: 'Succeeded', message: 'downloaded' });
  return s;
}

describe('computeConditions', () => {
  it('healthy: Available, not Progressing, not Degraded, with the original texts', () => {
    const c = compute([], readySources());
    expect(get(c, 'Available')).toMatchObject({ status: 'True', reason: 'AsExpected', message: 'Insights works as expected' });
    expect(get(c, 'Progressing')).toMatchObject({ status: 'False', reason: 'AsExpected', message: 'Monitoring the cluster' });
    expect(get(c, 'Degraded')).toMatchObject({ status: 'False', reason: 'AsExpected' });
    expect(get(c, 'Disabled')).toMatchObject({ status: 'False', reason: 'AsExpected' });
    expect(get(c, 'GatheringDisabled')).toMatchObject({ status: 'False', message: 'Gathering is enabled' });
    expect(brief(c, 'RemoteConfigurationAvailable')).toBe('True/Succeeded');
    expect(brief(c, 'RemoteConfigurationValid')).toBe('True/Succeeded');
    expect(get(c, 'UploadDegraded')).toBeUndefined();
    expect(get(c, 'InsightsDownloadDegraded')).toBeUndefined();
    // no SCA / transfer source registered: primed Unknown, never set
    expect(brief(c, 'SCAAvailable')).toBe('Unknown/');
  });

  it('threshold table: 4 failed uploads UploadDegraded only, the 5th Degraded, one success resets both', () => {
    const s = readySources();
    let c: Condition[] = [];
    const rows: string[] = [];
    for (let i = 1; i <= 5; i++) {
      s.report('Uploading', uploadFail);
      c = compute(c, s);
      rows.push(`${i}: upload=${brief(c, 'UploadDegraded')} degraded=${brief(c, 'Degraded')} available=${brief(c, 'Available')}`);
    }
    expect(rows).toEqual([
      '1: upload=True/UploadFailed degraded=False/AsExpected available=True/AsExpected',
      '2: upload=True/UploadFailed degraded=False/AsExpected available=True/AsExpected',
      '3: upload=True/UploadFailed degraded=False/AsExpected available=True/AsExpected',
      '4: upload=True/UploadFailed degraded=False/AsExpected available=True/AsExpected',
      '5: upload=True/UploadFailed degraded=True/UploadFailed available=False/UploadFailed',
    ]);
    expect(get(c, 'Degraded')?.message).toBe('unable to upload: 503');
    expect(brief(c, 'Progressing')).toBe('False/Degraded');
    s.report('Uploading', { healthy: true, reason: 'Succeeded', message: 'uploaded' });
    c = compute(c, s);
    expect(get(c, 'UploadDegraded')).toBeUndefined();
    expect(brief(c, 'Degraded')).toBe('False/AsExpected');
    expect(brief(c, 'Available')).toBe('True/AsExpected');
    // the count restarted: one more failure is not degrading
    s.report('Uploading', uploadFail);
    c = compute(c, s);
    expect(brief(c, 'Degraded')).toBe('False/AsExpected');
    expect(brief(c, 'UploadDegraded')).toBe('True/UploadFailed');
  });

  it('no token: Disabled True and Available True, failures are not reported', () => {
    const s = readySources();
    for (let i = 0; i < 6; i++) s.report('Uploading', uploadFail);
    const c = compute([], s, { disabled: 'NoToken' });
    expect(get(c, 'Disabled')).toMatchObject({ status: 'True', reason: 'NoToken', message: 'Health reporting is disabled' });
    expect(brief(c, 'Available')).toBe('True/AsExpected');
    expect(brief(c, 'Degraded')).toBe('False/AsExpected');
    expect(get(c, 'UploadDegraded')).toBeUndefined();
    expect(get(c, 'GatheringDisabled')).toMatchObject({
      status: 'True', reason: 'NoToken', message: 'Gathering is disabled by removing the cloud.openshift.com field from the pull secret',
    });
    expect(get(c, 'RemoteConfigurationAvailable')).toMatchObject({ status: 'False', reason: 'NoToken' });
    expect(brief(c, 'RemoteConfigurationValid')).toBe('Unknown/NoValidationYet');
  });

  it('disabled by configuration: both Disabled and GatheringDisabled say so', () => {
    const c = compute([], readySources(), { disabled: 'DisabledByConfiguration' });
    expect(brief(c, 'Disabled')).toBe('True/DisabledByConfiguration');
    expect(get(c, 'GatheringDisabled')).toMatchObject({
      status: 'True', reason: 'DisabledByConfiguration', message: 'Gathering is disabled in insightsdatagather.config.openshift.io',
    });
    expect(brief(c, 'Available')).toBe('True/AsExpected');
    const custom = compute([], readySources(), { disabled: 'DisabledByConfiguration', gatheringDisabledReason: 'mode None' });
    expect(get(custom, 'GatheringDisabled')?.message).toBe('mode None');
  });

  it('several degrading failures: MultipleFailures with the sorted bullet list', () => {
    const s = readySources();
    for (let i = 0; i < 5; i++) s.report('Uploading', uploadFail);
    s.report('PullingSCACerts', { healthy: false, reason: 'FailedToProcessSCACerts', message: 'b: sca 500', httpStatusCode: 500 });
    s.report('PullingClusterTransfer', { healthy: false, reason: 'Disconnected', message: 'a: transfer 502', httpStatusCode: 502 });
    const c = compute([], s);
    expect(get(c, 'Degraded')).toMatchObject({
      status: 'True', reason: 'MultipleFailures',
      message: 'There are multiple errors blocking progress:\n* a: transfer 502\n* b: sca 500\n* unable to upload: 503',
    });
    expect(get(c, 'Available')).toMatchObject({ status: 'False', reason: 'MultipleFailures' });
  });

  it('SCA and cluster transfer degrade only for HTTP >= 500', () => {
    const s = readySources();
    s.report('PullingSCACerts', { healthy: false, reason: 'NotFound', message: 'no certs', httpStatusCode: 404 });
    s.report('PullingClusterTransfer', { healthy: false, reason: 'Disconnected', message: 'no link', httpStatusCode: 499 });
    let c = compute([], s);
    expect(brief(c, 'Degraded')).toBe('False/AsExpected');
    expect(get(c, 'SCAAvailable')).toMatchObject({ status: 'False', reason: 'NotFound', message: 'no certs' });
    expect(brief(c, 'ClusterTransferAvailable')).toBe('False/Disconnected');
    s.report('PullingSCACerts', { healthy: false, reason: 'ServerError', message: 'sca 503', httpStatusCode: 503 });
    c = compute(c, s);
    expect(get(c, 'Degraded')).toMatchObject({ status: 'True', reason: 'ServerError', message: 'sca 503' });
    s.report('PullingSCACerts', { healthy: false, reason: '', message: 'sca 500', httpStatusCode: 500 });
    expect(brief(compute(c, s), 'Degraded')).toBe('True/UnknownError');
  });

  it('SCAAvailable / ClusterTransferAvailable are True only for their success reasons', () => {
    const s = readySources();
    s.report('PullingSCACerts', { healthy: true, reason: 'Updated', message: 'certs updated' });
    s.report('PullingClusterTransfer', { healthy: true, reason: 'PullSecretUpdated', message: 'updated' });
    let c = compute([], s);
    expect(brief(c, 'SCAAvailable')).toBe('True/Updated');
    expect(brief(c, 'ClusterTransferAvailable')).toBe('True/PullSecretUpdated');
    s.report('PullingClusterTransfer', { healthy: true, reason: 'NoNewData', message: 'nothing new' });
    c = compute(c, s);
    expect(brief(c, 'ClusterTransferAvailable')).toBe('False/NoNewData');
  });

  it('download failures: InsightsDownloadDegraded while failing, never Degraded', () => {
    const s = readySources();
    for (let i = 0; i < 9; i++) s.report('DownloadingReport', { healthy: false, reason: 'NotAuthorized', message: 'report 401' });
    let c = compute([], s);
    expect(brief(c, 'InsightsDownloadDegraded')).toBe('True/NotAuthorized');
    expect(brief(c, 'Degraded')).toBe('False/AsExpected');
    s.report('DownloadingReport', { healthy: true, reason: 'Succeeded', message: 'ok' });
    c = compute(c, s);
    expect(get(c, 'InsightsDownloadDegraded')).toBeUndefined();
  });

  it('remote configuration: unavailable vs invalid, and skipped when asked', () => {
    const s = readySources();
    s.report('RemoteConfigurationStatus', { healthy: false, reason: 'NotAvailable', message: 'fetch failed' });
    let c = compute([], s);
    expect(brief(c, 'RemoteConfigurationAvailable')).toBe('False/NotAvailable');
    expect(brief(c, 'RemoteConfigurationValid')).toBe('Unknown/NoValidationYet');
    s.report('RemoteConfigurationStatus', { healthy: false, reason: 'Invalid', message: 'bad schema' });
    c = compute(c, s);
    expect(brief(c, 'RemoteConfigurationAvailable')).toBe('True/Succeeded');
    expect(get(c, 'RemoteConfigurationValid')).toMatchObject({ status: 'False', reason: 'Invalid', message: 'bad schema' });
    const skipped = compute([], s, { remoteConfigurationConditions: false });
    expect(brief(skipped, 'RemoteConfigurationValid')).toBe('Unknown/');
  });

  it('initialisation grace: Progressing Initializing for 3 min while a source has not reported', () => {
    const s = readySources();
    s.register('PeriodicGather');
    s.report('PullingSCACerts', { healthy: true, reason: 'Updated', message: 'ok' });
    let c = compute([], s, { now: at(1) });
    expect(get(c, 'Progressing')).toMatchObject({ status: 'True', reason: 'Initializing', message: 'Initializing the operator' });
    expect(brief(c, 'Available')).toBe('True/AsExpected');
    expect(brief(c, 'SCAAvailable')).toBe('Unknown/'); // not set while initialising
    c = compute(c, s, { now: at(3) });
    expect(brief(c, 'Progressing')).toBe('False/AsExpected');
    expect(brief(c, 'SCAAvailable')).toBe('True/Updated');
    s.report('PeriodicGather', { healthy: true, reason: 'Succeeded', message: 'gathered' });
    expect(brief(compute([], s, { now: at(1) }), 'Progressing')).toBe('False/AsExpected');
  });

  it('release version change sets Progressing Openshift Upgrade', () => {
    const c = compute([], readySources(), { releaseVersionChange: true });
    expect(get(c, 'Progressing')).toMatchObject({ status: 'True', reason: 'Openshift Upgrade', message: 'Cluster version is updated' });
  });

  it('lastTransitionTime changes only when status changes, at second precision', () => {
    const s = readySources();
    const first = compute([], s, { now: new Date('2026-01-01T00:10:00.750Z') });
    expect(get(first, 'Degraded')?.lastTransitionTime).toBe('2026-01-01T00:10:00Z');
    // same statuses, different message: times kept
    s.report('Uploading', uploadFail);
    const second = compute(first, s, { now: at(20) });
    expect(get(second, 'Degraded')?.lastTransitionTime).toBe('2026-01-01T00:10:00Z');
    expect(get(second, 'Available')?.lastTransitionTime).toBe('2026-01-01T00:10:00Z');
    expect(get(second, 'UploadDegraded')?.lastTransitionTime).toBe(at(20).toISOString().replace('.000Z', 'Z'));
    for (let i = 0; i < 4; i++) s.report('Uploading', uploadFail);
    const third = compute(second, s, { now: at(30) });
    expect(get(third, 'Degraded')?.lastTransitionTime).toBe('2026-01-01T00:30:00Z');
    expect(get(third, 'UploadDegraded')?.lastTransitionTime).toBe('2026-01-01T00:20:00Z');
    // recomputing the same state is a fixed point
    expect(compute(third, s, { now: at(40) })).toEqual(third);
  });

  it('sorted by type; Upgradeable and other foreign conditions preserved', () => {
    const upgradeable: Condition = { type: 'Upgradeable', status: 'True', reason: 'InsightsUpgradeable', message: 'x', lastTransitionTime: '2025-01-01T00:00:00Z' };
    const c = compute([upgradeable], readySources());
    const types = c.map((x) => x.type);
    expect(types).toEqual([...types].sort());
    expect(types).toEqual([
      'Available', 'ClusterTransferAvailable', 'Degraded', 'Disabled', 'GatheringDisabled', 'Progressing',
      'RemoteConfigurationAvailable', 'RemoteConfigurationValid', 'SCAAvailable', 'Upgradeable',
    ]);
    expect(get(c, 'Upgradeable')).toEqual(upgradeable);
    expect(get(compute([], readySources()), 'Upgradeable')).toBeUndefined();
  });

  it('a rejected configuration input and a full disk show as their own conditions, without degrading', () => {
    const s = readySources();
    s.report('Configuration', { healthy: false, reason: 'InvalidConfiguration', message: 'configmap openshift-insights/insights-config key config.yaml: not YAML' });
    s.report('Storage', { healthy: false, reason: 'DiskUsageTooHigh', message: 'storage directory /var/lib/insights-operator: 91% used' });
    const c = compute([], s);
    expect(get(c, 'ConfigurationDegraded')).toMatchObject({ status: 'True', reason: 'InvalidConfiguration', message: expect.stringContaining('not YAML') });
    expect(brief(c, 'StorageDegraded')).toBe('True/DiskUsageTooHigh');
    expect(brief(c, 'Degraded')).toBe('False/AsExpected');
    expect(brief(c, 'Available')).toBe('True/AsExpected');
    s.report('Configuration', { healthy: true, reason: 'AsExpected', message: '' });
    s.report('Storage', { healthy: true, reason: 'AsExpected', message: '' });
    const healed = compute(c, s);
    expect(get(healed, 'ConfigurationDegraded')).toBeUndefined();
    expect(get(healed, 'StorageDegraded')).toBeUndefined();
  });
});
