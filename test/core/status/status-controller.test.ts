import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DisabledReason } from '../../../core/status/compute-conditions.ts';
import { StatusController } from '../../../core/status/status-controller.ts';
import type { ClusterOperatorStatus, StatusControllerOptions } from '../../../core/status/status-controller.ts';
import type { WireCondition } from '../../../core/status/cluster-operator-status.ts';
import { StatusSources } from '../../../core/status/status-sources.ts';
import { useKubeSim } from '../../sim/kube/harness.ts';

const kube = await useKubeSim({});

const CO_PATH = '/apis/config.openshift.io/v1/clusteroperators';
const STATUS_PATH = `${CO_PATH}/insights/status`;
const uploadOk = { healthy: true, reason: 'Succeeded', message: 'uploaded' };
const uploadFail = { healthy: false, reason: 'UploadFailed', message: 'unable to upload: 503 Service Unavailable' };
const WAIT = { timeout: 10_000, interval: 20 };

let kubeConfig: KubeConfig;
let controllers: StatusController[] = [];

beforeAll(() => {
  kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kube.kubeconfigPath);
});
beforeEach(() => {
  kube.sim.faults.clear();
  kube.sim.store.remove('config.openshift.io/v1', 'ClusterOperator', 'insights');
});
afterEach(async () => {
  await Promise.all(controllers.map((c) => c.stop()));
  controllers = [];
  kube.sim.faults.clear();
});

function controller(options: Partial<StatusControllerOptions> & { sources: StatusSources }): StatusController {
  const c = new StatusController({
    kubeConfig,
    logger: pino({ level: 'silent' }),
    disabled: () => undefined,
    releaseVersion: '4.17.3',
    minWriteIntervalMs: 20,
    resyncMs: 60_000,
    ...options,
  });
  controllers.push(c);
  return c;
}

function readySources(): StatusSources {
  const sources = new StatusSources();
  sources.report('Uploading', uploadOk);
  return sources;
}

function stored(): { spec?: unknown; status?: ClusterOperatorStatus; metadata: Record<string, unknown> } | undefined {
  return kube.sim.store.get('config.openshift.io/v1', 'ClusterOperator', 'insights') as never;
}
function condition(type: string, status: ClusterOperatorStatus | undefined = stored()?.status): WireCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}
function brief(type: string): string | undefined {
  const c = condition(type);
  return c === undefined ? undefined : `${c.status}/${c.reason ?? ''}`;
}
function requestsSince(mark: number): Array<{ method: string; path: string; status: number }> {
  return kube.sim.requests.slice(mark);
}
function statusPuts(mark: number): Array<{ status: number }> {
  return requestsSince(mark).filter((r) => r.method === 'PUT' && r.path === STATUS_PATH);
}

describe('StatusController', () => {
  it('creates the missing ClusterOperator and writes conditions, versions, relatedObjects through the status subresource', async () => {
    const mark = kube.sim.requests.length;
    const c = controller({ sources: readySources(), lastReportTime: () => new Date('2026-02-03T04:05:06.789Z') });
    await c.start();

    expect(requestsSince(mark).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `GET ${CO_PATH}/insights 404`,
      `POST ${CO_PATH} 201`,
      `PUT ${STATUS_PATH} 200`,
    ]);
    const co = stored();
    expect(co?.spec).toEqual({});
    const status = co?.status;
    expect(status?.conditions?.map((x) => x.type)).toEqual([
      'Available', 'ClusterTransferAvailable', 'Degraded', 'Disabled', 'GatheringDisabled', 'Progressing',
      'RemoteConfigurationAvailable', 'RemoteConfigurationValid', 'SCAAvailable',
    ]);
    expect(condition('Available', status)).toMatchObject({ status: 'True', reason: 'AsExpected', message: 'Insights works as expected' });
    expect(condition('Progressing', status)).toMatchObject({ status: 'False', reason: 'AsExpected', message: 'Monitoring the cluster' });
    expect(condition('Degraded', status)).toMatchObject({ status: 'False', reason: 'AsExpected' });
    // Empty reasons and messages are left out, as the original's omitempty fields.
    expect(condition('SCAAvailable', status)).toEqual({ type: 'SCAAvailable', status: 'Unknown', lastTransitionTime: expect.any(String) });
    expect(status?.versions).toEqual([{ name: 'operator', version: '4.17.3' }]);
    expect(status?.relatedObjects).toEqual([
      { group: '', resource: 'namespaces', name: 'openshift-insights' },
      { group: 'apps', resource: 'deployments', namespace: 'openshift-insights', name: 'insights-operator' },
      { group: '', resource: 'secrets', namespace: 'openshift-config', name: 'pull-secret' },
      { group: '', resource: 'secrets', namespace: 'openshift-config', name: 'support' },
      { group: '', resource: 'serviceaccounts', namespace: 'openshift-insights', name: 'gather' },
      { group: '', resource: 'serviceaccounts', namespace: 'openshift-insights', name: 'operator' },
      { group: '', resource: 'services', namespace: 'openshift-insights', name: 'metrics' },
      { group: '', resource: 'configmaps', namespace: 'openshift-insights', name: 'service-ca-bundle' },
      { group: 'operator.openshift.io', resource: 'insightsoperators', name: 'cluster' },
      { group: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: 'insights-operator' },
      { group: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: 'insights-operator-gather' },
      { group: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: 'insights-runtime-extractor-role' },
    ]);
    expect(status?.extension).toEqual({ lastReportTime: '2026-02-03T04:05:06Z' });
    expect(c.lastWritten()).toEqual(status);

    // A restart with nothing changed reads the ClusterOperator and writes nothing.
    await c.stop();
    const again = kube.sim.requests.length;
    const restarted = controller({ sources: readySources(), lastReportTime: () => new Date('2026-02-03T04:05:06.789Z') });
    await restarted.start();
    expect(requestsSince(again).map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${CO_PATH}/insights`]);
    expect(restarted.lastWritten()).toEqual(status);
  });

  it('applies the thresholds end to end: upload failures, Degraded from the 5th, recovery, disabled by a missing token', async () => {
    const sources = readySources();
    let disabled: { reason: DisabledReason; message?: string } | undefined;
    const c = controller({ sources, disabled: () => disabled });
    await c.start();
    expect(brief('Degraded')).toBe('False/AsExpected');

    for (let i = 0; i < 4; i++) {
      sources.report('Uploading', uploadFail);
      c.trigger();
    }
    await vi.waitFor(() => expect(brief('UploadDegraded')).toBe('True/UploadFailed'), WAIT);
    expect(condition('UploadDegraded')?.message).toBe(uploadFail.message);
    expect(brief('Degraded')).toBe('False/AsExpected');
    expect(brief('Available')).toBe('True/AsExpected');

    sources.report('Uploading', uploadFail);
    c.trigger();
    await vi.waitFor(() => expect(brief('Degraded')).toBe('True/UploadFailed'), WAIT);
    expect(condition('Degraded')?.message).toBe(uploadFail.message);
    expect(brief('Available')).toBe('False/UploadFailed');
    expect(brief('Progressing')).toBe('False/Degraded');

    sources.report('Uploading', uploadOk);
    c.trigger();
    await vi.waitFor(() => expect(brief('Degraded')).toBe('False/AsExpected'), WAIT);
    expect(condition('UploadDegraded')).toBeUndefined();
    expect(brief('Available')).toBe('True/AsExpected');

    disabled = { reason: 'NoToken' };
    c.trigger();
    await vi.waitFor(() => expect(brief('Disabled')).toBe('True/NoToken'), WAIT);
    expect(condition('Disabled')?.message).toBe('Health reporting is disabled');
    expect(brief('Available')).toBe('True/AsExpected');
    expect(condition('GatheringDisabled')).toMatchObject({
      status: 'True',
      reason: 'NoToken',
      message: 'Gathering is disabled by removing the cloud.openshift.com field from the pull secret',
    });
  });

  it('rate-limits triggers: a burst of 2 writes, then one per interval, the last change never lost', async () => {
    const intervalMs = 300;
    const sources = readySources();
    const c = controller({ sources, minWriteIntervalMs: intervalMs });
    await c.start();
    const mark = kube.sim.requests.length;
    const t0 = performance.now();
    let triggers = 0;
    let last = '';
    while (performance.now() - t0 < 1_000) {
      last = `unable to upload: attempt ${triggers}`;
      sources.report('Uploading', { ...uploadFail, message: last });
      c.trigger();
      triggers++;
      // Every trigger changed the status, so only the limiter keeps writes down.
      const writes = statusPuts(mark).length;
      expect(writes).toBeLessThanOrEqual(2 + Math.floor((performance.now() - t0) / intervalMs));
      await sleep(5);
    }
    expect(triggers).toBeGreaterThan(50);
    await vi.waitFor(() => expect(condition('UploadDegraded')?.message).toBe(last), WAIT);
    const writes = statusPuts(mark).length;
    expect(writes).toBeGreaterThanOrEqual(3);
    expect(writes).toBeLessThanOrEqual(2 + Math.floor((performance.now() - t0) / intervalMs));
  });

  it('resyncs without triggers: a changed source shows up, an unchanged status is read but not written', async () => {
    const sources = readySources();
    const c = controller({ sources, resyncMs: 250 });
    await c.start();
    sources.report('Uploading', uploadFail);
    await vi.waitFor(() => expect(brief('UploadDegraded')).toBe('True/UploadFailed'), WAIT);

    const mark = kube.sim.requests.length;
    await sleep(900);
    const since = requestsSince(mark);
    expect(since.filter((r) => r.method === 'GET' && r.path === `${CO_PATH}/insights`).length).toBeGreaterThanOrEqual(1);
    expect(statusPuts(mark)).toEqual([]);
  });

  it('re-reads and retries when the ClusterOperator changes between its read and the status write', async () => {
    const sources = readySources();
    const c = controller({ sources });
    await c.start();
    const slowPut = kube.sim.faults.add({ method: 'PUT', path: STATUS_PATH, latencyMs: 400, nth: 1 });
    const mark = kube.sim.requests.length;
    sources.report('Uploading', uploadFail);
    c.trigger();
    await vi.waitFor(() => expect(slowPut.matched).toBe(1), WAIT);

    // Another writer (the CVO, say) updates the ClusterOperator while our PUT is on its way.
    const current = stored()!;
    const { resourceVersion: _rv, ...metadata } = current.metadata;
    const upgradeable = { type: 'Upgradeable', status: 'False', reason: 'ByOtherWriter', lastTransitionTime: '2026-01-01T00:00:00Z' };
    kube.sim.store.add({
      apiVersion: 'config.openshift.io/v1',
      kind: 'ClusterOperator',
      ...current,
      metadata,
      status: { ...current.status, conditions: [...(current.status?.conditions ?? []), upgradeable] },
    } as never);

    await vi.waitFor(() => expect(statusPuts(mark).map((r) => r.status)).toEqual([409, 200]), WAIT);
    // The retry computed from the re-read object: the other writer's condition is kept.
    expect(condition('Upgradeable')).toEqual(upgradeable);
    expect(brief('UploadDegraded')).toBe('True/UploadFailed');
    // The simulator logs the 200 before the controller has read the response: wait for it to take it in.
    await vi.waitFor(() => expect(c.lastWritten()).toEqual(stored()?.status), WAIT);
  });

  it('moves lastTransitionTime only when a condition status changes', async () => {
    let clock = new Date('2026-03-01T10:00:00.250Z');
    const t0 = '2026-03-01T10:00:00Z';
    const sources = readySources();
    const c = controller({ sources, now: () => clock });
    await c.start();
    const first = structuredClone(stored()?.status);
    expect(new Set(first?.conditions?.map((x) => x.lastTransitionTime))).toEqual(new Set([t0]));

    clock = new Date('2026-03-01T11:00:00Z');
    sources.report('Uploading', uploadFail);
    c.trigger();
    await vi.waitFor(() => expect(condition('UploadDegraded')).toBeDefined(), WAIT);
    expect(condition('UploadDegraded')?.lastTransitionTime).toBe('2026-03-01T11:00:00Z');
    for (const type of ['Available', 'Degraded', 'Progressing', 'Disabled']) expect(condition(type)?.lastTransitionTime).toBe(t0);

    clock = new Date('2026-03-01T12:00:00Z');
    for (let i = 0; i < 4; i++) sources.report('Uploading', uploadFail);
    c.trigger();
    await vi.waitFor(() => expect(brief('Degraded')).toBe('True/UploadFailed'), WAIT);
    expect(condition('Degraded')?.lastTransitionTime).toBe('2026-03-01T12:00:00Z');
    expect(condition('Available')).toMatchObject({ status: 'False', lastTransitionTime: '2026-03-01T12:00:00Z' });
    // Still False (reason AsExpected → Degraded) and still True: no transition.
    expect(condition('Progressing')).toMatchObject({ status: 'False', reason: 'Degraded', lastTransitionTime: t0 });
    expect(condition('UploadDegraded')?.lastTransitionTime).toBe('2026-03-01T11:00:00Z');
    expect(condition('Disabled')?.lastTransitionTime).toBe(t0);
  });

  it('sets Progressing=True/Openshift Upgrade when the release changes major or minor version', async () => {
    kube.sim.store.add({
      apiVersion: 'config.openshift.io/v1',
      kind: 'ClusterOperator',
      metadata: { name: 'insights' },
      spec: {},
      status: { versions: [{ name: 'operator', version: '4.16.9' }] },
    });
    const c = controller({ sources: readySources() });
    await c.start();
    expect(condition('Progressing')).toMatchObject({ status: 'True', reason: 'Openshift Upgrade', message: 'Cluster version is updated' });
    expect(stored()?.status?.versions).toEqual([{ name: 'operator', version: '4.17.3' }]);
  });

  it('logs a failing write once per distinct message, keeps retrying at each resync, and recovers', async () => {
    const lines: Array<{ level: number; msg: string; err?: string }> = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const sources = readySources();
    const c = controller({ sources, logger, resyncMs: 80 });
    const failing = kube.sim.faults.add({ method: 'GET', path: `${CO_PATH}/insights`, status: 500 });
    await c.start();
    await vi.waitFor(() => expect(failing.fired).toBeGreaterThanOrEqual(4), WAIT);
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.err).toBe('HTTP 500: Internal error occurred: injected fault');
    expect(stored()).toBeUndefined();
    expect(c.lastWritten()).toBeUndefined();

    failing.remove();
    // Conflicts on every PUT: the write gives up after 3 retries and says so, with a new message.
    const conflicts = kube.sim.faults.add({ method: 'PUT', path: STATUS_PATH, status: 409, times: 4 });
    await vi.waitFor(() => expect(lines.filter((l) => l.level === 40)).toHaveLength(2), WAIT);
    expect(conflicts.fired).toBe(4);
    expect(lines.filter((l) => l.level === 40)[1]?.err).toBe('HTTP 409: injected fault');

    await vi.waitFor(() => expect(lines.some((l) => l.level === 30 && /can be written again/.test(l.msg))).toBe(true), WAIT);
    expect(brief('Available')).toBe('True/AsExpected');
    expect(lines.filter((l) => l.level === 40)).toHaveLength(2);
  });

  it('stop() waits for the write in flight, is idempotent, and ends triggers and resyncs', async () => {
    const sources = readySources();
    const c = controller({ sources, resyncMs: 50 });
    await c.start();
    kube.sim.faults.add({ method: 'PUT', path: STATUS_PATH, latencyMs: 300, nth: 1 });
    const mark = kube.sim.requests.length;
    sources.report('Uploading', uploadFail);
    c.trigger();
    await vi.waitFor(() => expect(requestsSince(mark).some((r) => r.method === 'GET')).toBe(true), WAIT);
    await c.stop();
    // The PUT was answered before stop() resolved.
    expect(statusPuts(mark).map((r) => r.status)).toEqual([200]);
    await c.stop();
    const after = kube.sim.requests.length;
    sources.report('Uploading', uploadOk);
    c.trigger();
    await sleep(300);
    expect(requestsSince(after)).toEqual([]);
  });
});
