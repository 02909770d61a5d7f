import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../../../core/ingress/receiver.ts';
import { startOperatorProcess } from '../../helpers/operator-process.ts';
import type { OperatorProcess } from '../../helpers/operator-process.ts';
import { readArchive } from '../../helpers/read-archive.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { uploadForm } from '../../sim/console/fixtures.ts';
import { useConsoleSim } from '../../sim/console/harness.ts';
import { useKubeSim } from '../../sim/kube/harness.ts';
import { sampleReport } from '../report/report-fixtures.ts';

// A unique token: the operator must send it to the console and never write it anywhere else.
const CANARY = `canary-${process.pid}-${Date.now().toString(36)}-tok`;
const kube = await useKubeSim({ fixture: 'sample' });
const consoleSim = useConsoleSim({ token: CANARY });

function dockerconfig(auths: Record<string, { auth: string; email?: string }>): Record<string, string> {
  return { '.dockerconfigjson': Buffer.from(JSON.stringify({ auths })).toString('base64') };
}
function readPullSecret(): Record<string, { auth: string }> {
  const secret = kube.sim.store.get('v1', 'Secret', 'pull-secret', 'openshift-config') as unknown as { data: Record<string, string> };
  return (JSON.parse(Buffer.from(secret.data['.dockerconfigjson']!, 'base64').toString()) as { auths: Record<string, { auth: string }> }).auths;
}

/** Every encoding in which the token could leak. */
const needles = [CANARY, Buffer.from(CANARY).toString('base64'), encodeURIComponent(CANARY), Buffer.from(`x:${CANARY}`).toString('base64')];
function leaks(text: string): string[] {
  return needles.filter((n) => text.includes(n));
}

describe('the operator against the Kubernetes and console simulators', () => {
  let operator: OperatorProcess;
  let storage: string;
  let metricsUrl: string;
  let clusterId: string;
  let dir: string;

  beforeAll(async () => {
    kube.sim.store.add({
      apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/dockerconfigjson',
      metadata: { name: 'pull-secret', namespace: 'openshift-config' },
      data: dockerconfig({ 'cloud.openshift.com': { auth: CANARY, email: 'ops@example.com' }, 'quay.io': { auth: 'cXVheQ==' } }),
    });
    // The sample cluster's own insights-config points at console.redhat.com through an (anonymized) proxy and
    // turns SCA off; this cluster's points at the console simulator, and the ConfigMap wins over pod.yaml.
    kube.sim.store.remove('v1', 'ConfigMap', 'insights-config', 'openshift-insights');
    const version = kube.sim.store.get('config.openshift.io/v1', 'ClusterVersion', 'version') as unknown as { spec: { clusterID: string } };
    clusterId = version.spec.clusterID;
    const sim = consoleSim.sim;
    sim.setReport(clusterId, sampleReport());
    sim.setTransfers([{
      id: 'transfer-1', href: '/api/accounts_mgmt/v1/cluster_transfers/transfer-1', cluster_uuid: clusterId,
      owner: 'old-owner', recipient: 'new-owner', status: 'accepted', expiration_date: '2030-01-01T00:00:00Z',
      secret: JSON.stringify({ auths: { 'registry.transfer.example.com': { auth: 'dHJhbnNmZXI=', email: 'new@example.com' } } }),
      created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z',
    }]);

    kube.sim.store.add({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'insights-config', namespace: 'openshift-insights' },
      data: { 'config.yaml': `dataReporting:\n  uploadEndpoint: ${sim.url}/api/ingress/v1/upload\n  conditionalGathererEndpoint: ${sim.url}/api/gathering/v2/%s/gathering_rules\nsca:\n  disabled: false\n` },
    });
    // Not tempDir(): that one is removed after each test, and these tests share one operator.
    dir = await mkdtemp(join(tmpdir(), 'io-operator-console-'));
    storage = join(dir, 'archives');
    const config = join(dir, 'pod.yaml');
    const api = `${sim.url}/api`;
    await writeFile(config, [
      'interval: 10m',
      `storagePath: ${storage}`,
      'endpoint: https://ingress.invalid/api/ingress/v1/upload',
      `conditionalGathererEndpoint: ${api}/gathering/v2/%s/gathering_rules`,
      'pull_report:',
      `  endpoint: ${api}/insights-results-aggregator/v2/cluster/%s/reports`,
      '  delay: 300ms',
      '  min_retry: 300ms',
      'ocm:',
      `  scaEndpoint: ${api}/accounts_mgmt/v1/entitlement_certificates`,
      `  clusterTransferEndpoint: ${api}/accounts_mgmt/v1/cluster_transfers/`,
      'operatorTimings: {initialDelay: 0s, uploadFirstDelay: 0s, uploadRetry: 200ms, statusMinWrite: 1s, statusResync: 3s}',
      '',
    ].join('\n'));
    operator = startOperatorProcess([
      'start', '--config', config, '--kubeconfig', kube.kubeconfigPath, '--listen', '127.0.0.1', '--metrics-port', '0',
      '--health-port', '0', '--log-format', 'json', '--log-level', 'trace', '--trusted-ca-bundle', consoleSim.caFile,
    ]);
    metricsUrl = (await operator.waitForLog((l) => l.msg === 'operator started'))['metrics'] as string;
  }, 60_000);

  afterAll(async () => {
    if (process.env.DEBUG_OPERATOR_LOGS) console.log(operator.logs.filter((l) => l.level >= 30).map((l) => JSON.stringify(l).slice(0, 400)).join('\n'));
    await operator?.stop('SIGKILL').catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads the archive it gathered, which the ingress validated and `receive` accepts too', async () => {
    await expect.poll(() => consoleSim.sim.uploads.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    const upload = consoleSim.sim.uploads[0]!;
    const archives = (await readdir(storage)).filter((f) => f.endsWith('.tar.gz'));
    expect(archives).toHaveLength(1);
    const request0 = consoleSim.sim.requests.find((r) => r.route === 'upload')!;
    expect(request0.headers['user-agent']).toMatch(new RegExp(`^insights-operator/\\S+-\\S+ cluster/${clusterId}$`));

    const received = await tempDir('io-received-');
    const receiver = await startReceiver({ host: '127.0.0.1', port: 0, dir: received });
    try {
      const response = await request(receiver.uploadUrl, { method: 'POST', body: uploadForm(upload.bytes) });
      expect(response.statusCode).toBe(202);
      expect((await readdir(received)).filter((f) => f.endsWith('.tar.gz'))).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('downloads the report after the upload and exposes the health metrics', async () => {
    // The downloader sets the gauges and the counter one after the other: wait for both.
    const scrape = async () => (await request(metricsUrl)).body.text();
    await expect.poll(async () => /insightsclient_request_recvreport_total\{client="insights",status_code="200"\} 1/.test(await scrape()), { timeout: 30_000 }).toBe(true);
    const metrics = await scrape();
    expect(metrics).toContain('health_statuses_insights{metric="total"} 4');
    expect(metrics).toContain('health_statuses_insights{metric="critical"} 1');
    expect(metrics).toMatch(/insights_recommendation_active\{[^}]*total_risk="Critical"[^}]*\} 1/);
    expect(metrics).toMatch(/insightsclient_request_send_total\{client="insights",status_code="202"\} 1/);
    expect(metrics).toMatch(/insightsclient_request_recvreport_total\{client="insights",status_code="200"\} 1/);
  });

  it('writes the entitlement secret and applies the accepted cluster transfer', async () => {
    await expect.poll(() => kube.sim.store.get('v1', 'Secret', 'etc-pki-entitlement', 'openshift-config-managed') !== undefined, { timeout: 30_000 }).toBe(true);
    const secret = kube.sim.store.get('v1', 'Secret', 'etc-pki-entitlement', 'openshift-config-managed') as unknown as { data: Record<string, string> };
    expect(Object.keys(secret.data).sort()).toEqual(['entitlement-key.pem', 'entitlement.pem']);
    await expect.poll(() => Object.keys(readPullSecret()).sort(), { timeout: 30_000 })
      .toEqual(['cloud.openshift.com', 'quay.io', 'registry.transfer.example.com']);
    expect(readPullSecret()['cloud.openshift.com']!.auth).toBe(CANARY);
  });

  it('the ClusterOperator reports it all, with the last upload time', async () => {
    await expect.poll(() => {
      const co = kube.sim.store.get('config.openshift.io/v1', 'ClusterOperator', 'insights') as
        { status?: { conditions?: { type: string; status: string; reason?: string }[]; extension?: { lastReportTime?: string } } } | undefined;
      const c = Object.fromEntries((co?.status?.conditions ?? []).map((x) => [x.type, `${x.status}/${x.reason ?? ''}`]));
      return [c['Available'], c['SCAAvailable'], c['ClusterTransferAvailable'], c['UploadDegraded'], typeof co?.status?.extension?.lastReportTime];
    }, { timeout: 30_000 }).toEqual(['True/AsExpected', 'True/Updated', 'True/PullSecretUpdated', undefined, 'string']);
  });

  it('never writes the token into logs at trace level, archives, /metrics or the status', async () => {
    const logs = operator.logs.map((l) => JSON.stringify(l)).join('\n') + operator.text();
    expect(operator.logs.length).toBeGreaterThan(50);
    expect(leaks(logs)).toEqual([]);
    for (const name of (await readdir(storage)).filter((f) => f.endsWith('.tar.gz'))) {
      for (const file of await readArchive(join(storage, name))) expect(leaks(file.data.toString('latin1')), `${name}:${file.name}`).toEqual([]);
    }
    expect(leaks(await (await request(metricsUrl)).body.text())).toEqual([]);
    expect(leaks(JSON.stringify(kube.sim.store.get('config.openshift.io/v1', 'ClusterOperator', 'insights')))).toEqual([]);
    // It was sent, though: to the console, as the bearer token.
    expect(consoleSim.sim.requests.find((r) => r.route === 'upload')?.headers['authorization']).toBe(`Bearer ${CANARY}`);
    const stop = await operator.stop('SIGTERM');
    expect(stop.code).toBe(0);
    expect(leaks(operator.logs.map((l) => JSON.stringify(l)).join('\n') + operator.text())).toEqual([]);
  });
});
