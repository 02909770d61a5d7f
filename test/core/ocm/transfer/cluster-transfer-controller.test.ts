import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OperatorConfig } from '../../../../core/config/merge-config.ts';
import { operatorError } from '../../../../core/errors/codes.ts';
import { ClusterTransferController, clusterTransferUrl } from '../../../../core/ocm/transfer/cluster-transfer-controller.ts';
import { SourceName } from '../../../../core/status/condition.ts';
import { StatusSources } from '../../../../core/status/status-sources.ts';
import type { Scheduler } from '../../../../core/time/scheduler.ts';
import { captureLogger } from '../../../helpers/capture-logger.ts';
import { FakeInsightsHttp, fakeResponse } from '../../../helpers/fake-insights-http.ts';
import { testOperatorConfig } from '../../../helpers/test-operator-config.ts';
import { useKubeSim } from '../../../sim/kube/harness.ts';

const kube = await useKubeSim({ fixture: 'sample' });
const CLUSTER = '23f799a1-8002-46e3-be1a-374fd76bc1a2';
// The original's test-data/test-pull-secret.json and accepted-cluster-transfer.json.
const CURRENT = { auths: { 'cloud.openshift.com': { auth: 'ABCD', email: 'test@test.com' }, 'quay.io': { auth: 'EFGH', email: 'test-quay@test.com' }, 'registry.redhat.io': { auth: 'KEEP', email: 'r@test.com' } } };
const TRANSFER_SECRET = '{"auths":{"cloud.openshift.com":{"auth":"EFGH","email":"joe@test.com"},"quay.io":{"auth":"XYZ","email":"joe@test.com"}}}';
let kc: KubeConfig;

beforeAll(() => {
  kc = new KubeConfig();
  kc.loadFromFile(kube.kubeconfigPath);
});

beforeEach(() => setPullSecret(JSON.stringify(CURRENT)));

function setPullSecret(json: string): void {
  kube.sim.store.add({
    apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/dockerconfigjson',
    metadata: { name: 'pull-secret', namespace: 'openshift-config' },
    data: { '.dockerconfigjson': Buffer.from(json).toString('base64') },
  } as never);
}

function pullSecret(): unknown {
  const secret = kube.sim.store.get('v1', 'Secret', 'pull-secret', 'openshift-config') as unknown as { data: Record<string, string> };
  return JSON.parse(Buffer.from(secret.data['.dockerconfigjson']!, 'base64').toString('utf8'));
}

function transferList(items: object[]) {
  return { kind: 'ClusterTransferList', page: 1, size: items.length, total: items.length, items };
}

function accepted(secret: string, id = 'test-id-2') {
  return { id, href: 'empty', cluster_uuid: CLUSTER, owner: 'joe', recipient: 'jack', status: 'accepted', secret, expiration_date: '2022-04-17T09:19:41.008687Z' };
}

function instantScheduler(delays: number[]): Scheduler {
  return {
    setTimeout(callback, ms) {
      delays.push(ms);
      return setImmediate(callback);
    },
    clearTimeout: (handle) => clearImmediate(handle as NodeJS.Immediate),
  };
}

function setup(options: { config?: Readonly<OperatorConfig>; scheduler?: Scheduler; logger?: pino.Logger } = {}) {
  const http = new FakeInsightsHttp({ clusterId: CLUSTER });
  const sources = new StatusSources();
  const config = options.config ?? testOperatorConfig({ clusterTransfer: { intervalMs: 2400, endpoint: 'https://ocm.example/api/accounts_mgmt/v1/cluster_transfers/' } });
  const controller = new ClusterTransferController({
    http, config: () => config, sources, kubeConfig: kc,
    logger: options.logger ?? pino({ level: 'silent' }),
    ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
  });
  return { http, sources, controller, status: () => sources.get(SourceName.pullingClusterTransfer) };
}

describe('clusterTransferUrl', () => {
  it('encodes the search as the original does (spaces as +, quotes escaped)', () => {
    expect(clusterTransferUrl('https://api.openshift.com/api/accounts_mgmt/v1/cluster_transfers/', 'abc'))
      .toBe("https://api.openshift.com/api/accounts_mgmt/v1/cluster_transfers/?search=cluster_uuid+is+%27abc%27+and+status+is+%27accepted%27");
  });
});

describe('ClusterTransferController', () => {
  it('merges one accepted transfer\'s new auths into the pull secret, keeping the others', async () => {
    const { http, controller, status } = setup();
    http.script(fakeResponse(200, transferList([accepted(TRANSFER_SECRET)])));
    await controller.runOnce();
    expect(http.requests[0]).toMatchObject({ method: 'GET', auth: 'ocm' });
    expect(new URL(http.requests[0]!.url).searchParams.get('search')).toBe(`cluster_uuid is '${CLUSTER}' and status is 'accepted'`);
    expect(pullSecret()).toEqual({
      auths: {
        'cloud.openshift.com': { auth: 'EFGH', email: 'joe@test.com' },
        'quay.io': { auth: 'XYZ', email: 'joe@test.com' },
        'registry.redhat.io': { auth: 'KEEP', email: 'r@test.com' },
      },
    });
    const secret = kube.sim.store.get('v1', 'Secret', 'pull-secret', 'openshift-config') as { type?: string };
    expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
    expect(status()).toMatchObject({ healthy: true, reason: 'PullSecretUpdated', message: 'pull-secret successfully updated' });
  });

  it('reports NoNewData and leaves the secret alone when nothing is new', async () => {
    const { http, controller, status } = setup();
    const before = kube.sim.store.get('v1', 'Secret', 'pull-secret', 'openshift-config')!.metadata.resourceVersion;
    http.script(fakeResponse(200, transferList([accepted('{"auths":{"quay.io":{"auth":"EFGH","email":"test-quay@test.com"}}}')])));
    await controller.runOnce();
    expect(status()).toMatchObject({ healthy: true, reason: 'NoNewData' });
    expect(kube.sim.store.get('v1', 'Secret', 'pull-secret', 'openshift-config')!.metadata.resourceVersion).toBe(before);
  });

  it('does nothing with more than one accepted transfer', async () => {
    const { http, controller, status } = setup();
    http.script(fakeResponse(200, transferList([accepted(TRANSFER_SECRET, 'a'), accepted(TRANSFER_SECRET, 'b')])));
    await controller.runOnce();
    expect(status()).toMatchObject({ healthy: true, reason: 'MoreAcceptedClusterTransfers' });
    expect(pullSecret()).toEqual(CURRENT);
  });

  it('reports NoClusterTransfer for an empty list, a 204 and an empty body', async () => {
    for (const response of [fakeResponse(200, transferList([])), fakeResponse(204), fakeResponse(200, '')]) {
      const { http, controller, status } = setup();
      http.script(response);
      await controller.runOnce();
      expect(status()).toMatchObject({ healthy: true, reason: 'NoClusterTransfer' });
    }
  });

  it('backs off on 5xx: interval/24, doubling, 5 attempts, then reports the status text', async () => {
    const delays: number[] = [];
    const { http, controller, status } = setup({ scheduler: instantScheduler(delays) });
    http.fallback = fakeResponse(503);
    await controller.runOnce();
    expect(http.requests).toHaveLength(5);
    expect(delays).toEqual([100, 200, 400, 800]);
    expect(status()).toMatchObject({ healthy: false, reason: 'ServiceUnavailable', httpStatusCode: 503 });
  });

  it('reports Disconnected (healthy) on a transport error or an unknown cluster ID', async () => {
    const first = setup();
    first.http.script(new Error('GET https://ocm.example got no HTTP response (refused): ECONNREFUSED'));
    await first.controller.runOnce();
    expect(first.status()).toMatchObject({ healthy: true, reason: 'Disconnected' });

    const second = setup();
    second.http.cluster = operatorError('IO_INSIGHTS_NO_CLUSTER_ID', 'no ClusterVersion');
    await second.controller.runOnce();
    expect(second.http.requests).toHaveLength(0);
    expect(second.status()).toMatchObject({ healthy: true, reason: 'Disconnected' });
  });

  it('reports UnexpectedData for an answer that is not a transfer list', async () => {
    const { http, controller, status } = setup();
    http.script(fakeResponse(200, 'not json'));
    await controller.runOnce();
    expect(status()).toMatchObject({ healthy: false, reason: 'UnexpectedData' });
  });

  it('reports DataCorrupted for a transfer secret or a pull secret that is not a pull secret', async () => {
    for (const secret of ['', 'not json', '{"auths":[]}']) {
      const { http, controller, status } = setup();
      http.script(fakeResponse(200, transferList([accepted(secret)])));
      await controller.runOnce();
      expect(status(), secret).toMatchObject({ healthy: false, reason: 'DataCorrupted' });
    }
    setPullSecret('garbage');
    const { http, controller, status } = setup();
    http.script(fakeResponse(200, transferList([accepted(TRANSFER_SECRET)])));
    await controller.runOnce();
    expect(status()).toMatchObject({ healthy: false, reason: 'DataCorrupted' });
  });

  it('reports UpdateFailed when the pull secret cannot be written', async () => {
    const fault = kube.sim.faults.add({ method: 'PUT', path: '/api/v1/namespaces/openshift-config/secrets/pull-secret', status: 500, message: 'etcd unavailable' });
    try {
      const { http, controller, status } = setup();
      http.script(fakeResponse(200, transferList([accepted(TRANSFER_SECRET)])));
      await controller.runOnce();
      expect(status()).toMatchObject({ healthy: false, reason: 'UpdateFailed' });
      expect(status()?.message).toContain('etcd unavailable');
      expect(pullSecret()).toEqual(CURRENT);
    } finally {
      fault.remove();
    }
  });

  it('never logs or reports the pull secrets', async () => {
    const captured = captureLogger();
    const { http, controller, status } = setup({ logger: captured.logger });
    http.script(fakeResponse(200, transferList([accepted(TRANSFER_SECRET)])));
    await controller.runOnce();
    expect(status()?.reason).toBe('PullSecretUpdated');
    const second = setup({ logger: captured.logger });
    second.http.script(fakeResponse(200, transferList([accepted('{"auths":{"x":{"auth":"NOT-JSON-SECRET"}')])));
    await second.controller.runOnce();
    for (const secret of ['ABCD', 'EFGH', 'XYZ', 'KEEP', 'NOT-JSON-SECRET']) {
      expect(captured.text()).not.toContain(`"${secret}`);
      expect(second.status()?.message).not.toContain(secret);
    }
    expect(captured.text()).toContain('cloud.openshift.com');
  });
});
