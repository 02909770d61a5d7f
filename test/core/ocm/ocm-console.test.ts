/**
 * The SCA and cluster-transfer controllers against the console simulator, through the real Insights
 * client (AccessToken authorization, TLS), and the Kubernetes simulator.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperatorConfig } from '../../../core/config/merge-config.ts';
import { Token } from '../../../core/config/token.ts';
import { InsightsClient } from '../../../core/insights/insights-client.ts';
import { ScaController } from '../../../core/ocm/sca/sca-controller.ts';
import { ClusterTransferController } from '../../../core/ocm/transfer/cluster-transfer-controller.ts';
import { SourceName } from '../../../core/status/condition.ts';
import { StatusSources } from '../../../core/status/status-sources.ts';
import { testOperatorConfig } from '../../helpers/test-operator-config.ts';
import { generatedEntitlement, startConsoleSim } from '../../sim/console/index.ts';
import type { ConsoleSim } from '../../sim/console/index.ts';
import { useKubeSim } from '../../sim/kube/harness.ts';

const TOKEN = 'ocm-console-token';
const CLUSTER = '84ef291d-8f1b-4d28-ab34-cfddff941b84';
const kube = await useKubeSim({ fixture: 'sample' });
let consoleSim: ConsoleSim;
let client: InsightsClient;
let kc: KubeConfig;
let dir: string;

beforeAll(async () => {
  consoleSim = await startConsoleSim({ token: TOKEN, clusterId: CLUSTER });
  dir = mkdtempSync(join(tmpdir(), 'ocm-console-'));
  const caBundleFile = join(dir, 'ca.crt');
  writeFileSync(caBundleFile, consoleSim.caPem);
  const config = testOperatorConfig();
  client = new InsightsClient({
    token: () => new Token(TOKEN), config: () => config, caBundleFile, env: {},
    logger: pino({ level: 'silent' }), clusterId: async () => CLUSTER,
  });
  kc = new KubeConfig();
  kc.loadFromFile(kube.kubeconfigPath);
  kube.sim.store.add({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'openshift-config-managed' } });
});

afterAll(async () => {
  await client?.close();
  await consoleSim?.close();
  rmSync(dir, { recursive: true, force: true });
});

function ocmConfig(): Readonly<OperatorConfig> {
  return testOperatorConfig({
    token: TOKEN,
    // Scaled: first backoff waits 10 ms (SCA, interval/32) and 10 ms (transfer, interval/24).
    sca: { intervalMs: 320, endpoint: `${consoleSim.url}/api/accounts_mgmt/v1/entitlement_certificates` },
    clusterTransfer: { intervalMs: 240, endpoint: `${consoleSim.url}/api/accounts_mgmt/v1/cluster_transfers/` },
  });
}

function secretText(namespace: string, name: string, key: string): string | undefined {
  const secret = kube.sim.store.get('v1', 'Secret', name, namespace) as { data?: Record<string, string> } | undefined;
  const value = secret?.data?.[key];
  return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
}

function requestsOf(route: string, since: number) {
  return consoleSim.requests.filter((r) => r.route === route && r.at >= since);
}

describe('SCA controller against the console simulator', () => {
  function sca() {
    const sources = new StatusSources();
    const config = ocmConfig();
    const controller = new ScaController({ http: client, config: () => config, sources, kubeConfig: kc, logger: pino({ level: 'silent' }) });
    return { controller, status: () => sources.get(SourceName.pullingSCACerts) };
  }

  it('writes the entitlement secret with the served certificate and key', async () => {
    const { controller, status } = sca();
    const t0 = performance.now();
    await controller.runOnce();
    const [request] = requestsOf('sca', t0);
    expect(request?.headers['authorization']).toBe(`AccessToken ${CLUSTER}:${TOKEN}`);
    expect(status()).toMatchObject({ healthy: true, reason: 'Updated' });
    const expected = generatedEntitlement('x86_64');
    expect(secretText('openshift-config-managed', 'etc-pki-entitlement', 'entitlement.pem')).toBe(expected.cert);
    expect(secretText('openshift-config-managed', 'etc-pki-entitlement', 'entitlement-key.pem')).toBe(expected.key);
  });

  it('backs off on 500s and reports the last status; 404 is NotFound at once', async () => {
    const { controller, status } = sca();
    consoleSim.script('sca', Array.from({ length: 5 }, () => ({ status: 500 })));
    const t0 = performance.now();
    await controller.runOnce();
    const attempts = requestsOf('sca', t0);
    expect(attempts.map((r) => r.status)).toEqual([500, 500, 500, 500, 500]);
    // Waits of 10, 20, 40, 80 ms between the attempts.
    expect(attempts[4]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(150 - 5);
    expect(status()).toMatchObject({ healthy: false, reason: 'InternalServerError', httpStatusCode: 500 });

    consoleSim.script('sca', [{ status: 404, body: { kind: 'Error', reason: 'no SCA for this org' } }]);
    const t1 = performance.now();
    await controller.runOnce();
    expect(requestsOf('sca', t1)).toHaveLength(1);
    expect(status()).toMatchObject({ healthy: false, reason: 'NotFound', httpStatusCode: 404 });
  });
});

describe('cluster transfer controller against the console simulator', () => {
  function transfer() {
    const sources = new StatusSources();
    const config = ocmConfig();
    const controller = new ClusterTransferController({ http: client, config: () => config, sources, kubeConfig: kc, logger: pino({ level: 'silent' }) });
    return { controller, status: () => sources.get(SourceName.pullingClusterTransfer) };
  }

  function setPullSecret(value: object): void {
    kube.sim.store.add({
      apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/dockerconfigjson',
      metadata: { name: 'pull-secret', namespace: 'openshift-config' },
      data: { '.dockerconfigjson': Buffer.from(JSON.stringify(value)).toString('base64') },
    } as never);
  }

  it('applies one accepted transfer, then finds no new data, more transfers, or none', async () => {
    setPullSecret({ auths: { 'cloud.openshift.com': { auth: 'OLD', email: 'old@example.com' }, 'quay.io': { auth: 'QUAY', email: 'q@example.com' } } });
    const secret = JSON.stringify({ auths: { 'cloud.openshift.com': { auth: 'NEW', email: 'new@example.com' } } });
    consoleSim.setTransfers([{ id: 't1', cluster_uuid: CLUSTER, status: 'accepted', secret }, { id: 'other', cluster_uuid: 'someone-else', status: 'accepted', secret: '{}' }]);
    const { controller, status } = transfer();

    const t0 = performance.now();
    await controller.runOnce();
    expect(requestsOf('transfers', t0)[0]?.query).toBe(`search=cluster_uuid+is+%27${CLUSTER}%27+and+status+is+%27accepted%27`);
    expect(status()).toMatchObject({ healthy: true, reason: 'PullSecretUpdated' });
    expect(JSON.parse(secretText('openshift-config', 'pull-secret', '.dockerconfigjson')!)).toEqual({
      auths: { 'cloud.openshift.com': { auth: 'NEW', email: 'new@example.com' }, 'quay.io': { auth: 'QUAY', email: 'q@example.com' } },
    });

    await controller.runOnce();
    expect(status()).toMatchObject({ healthy: true, reason: 'NoNewData' });

    consoleSim.setTransfers([{ id: 't1', cluster_uuid: CLUSTER, status: 'accepted', secret }, { id: 't2', cluster_uuid: CLUSTER, status: 'accepted', secret }]);
    await controller.runOnce();
    expect(status()).toMatchObject({ healthy: true, reason: 'MoreAcceptedClusterTransfers' });

    consoleSim.setTransfers([]);
    await controller.runOnce();
    expect(status()).toMatchObject({ healthy: true, reason: 'NoClusterTransfer' });
  });

  it('backs off on 503s and degrades only with the HTTP status', async () => {
    const { controller, status } = transfer();
    consoleSim.script('transfers', Array.from({ length: 5 }, () => ({ status: 503 })));
    const t0 = performance.now();
    await controller.runOnce();
    expect(requestsOf('transfers', t0).map((r) => r.status)).toEqual([503, 503, 503, 503, 503]);
    expect(status()).toMatchObject({ healthy: false, reason: 'ServiceUnavailable', httpStatusCode: 503 });
  });

  it('reports Disconnected when the connection is reset', async () => {
    const { controller, status } = transfer();
    consoleSim.script('transfers', [{ reset: true }]);
    await controller.runOnce();
    expect(status()).toMatchObject({ healthy: true, reason: 'Disconnected' });
  });
});
