import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { MonitoringApiError } from '../../../plugin-api/errors.ts';
import { MonitoringClient } from '../../../core/monitoring/monitoring-client.ts';
import { PrometheusClient } from '../../../core/monitoring/prometheus-client.ts';
import { generateCerts } from '../../sim/kube/certs.ts';
import { useAlertmanager, usePrometheus } from '../../sim/monitoring/harness.ts';
import { requireMonitoring } from '../../sim/monitoring/require-monitoring.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const monitoring = requireMonitoring();
const silent = pino({ level: 'silent' });
const noToken = async (): Promise<string | undefined> => undefined;

/** Clients made by a test, closed at the end of the file. */
const clients: MonitoringClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
});
function prometheusClient(url: string, caFile: string): PrometheusClient {
  const client = new PrometheusClient({ service: 'prometheus', baseUrl: url, caFile, token: noToken, logger: silent, env: {} });
  clients.push(client);
  return client;
}

/** The rejection of `promise`, which must be a MonitoringApiError. */
async function failureOf(promise: Promise<unknown>): Promise<MonitoringApiError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(MonitoringApiError);
  return error as MonitoringApiError;
}

// Skipped only where INSIGHTS_ALLOW_MISSING_PROMETHEUS=1 declares a machine without Prometheus; otherwise
// requireMonitoring() has added a failing test that says what to install.
describe.skipIf(monitoring.skip)('PrometheusClient against a real Prometheus', () => {
  const prom = usePrometheus({
    scrapeSelf: true,
    alerts: [
      { alert: 'KubePodCrashLooping', expr: 'vector(1)', labels: { namespace: 'openshift-etcd', pod: 'etcd-0', container: 'etcd', severity: 'warning' } },
      { alert: 'KubePodNotReady', expr: 'vector(1)', labels: { namespace: 'openshift-apiserver', pod: 'apiserver-1', severity: 'warning' } },
      { alert: 'NeverFires', expr: 'vector(1)', for: '1h' },
    ],
    waitForAlerts: false,
    recordingRules: [
      { record: 'cluster_installer', expr: 'vector(1)', labels: { type: 'openshift-install', invoker: 'user' } },
      { record: 'virt_platform', expr: 'vector(1)', labels: { type: 'kvm' } },
    ],
  });
  const client = (): PrometheusClient => prometheusClient(prom.server.url, prom.server.caFile);

  it('answers an instant query with the vector\'s samples', async () => {
    const up = await client().query('up');
    expect(up).toHaveLength(1);
    expect(up[0]!.metric).toEqual({ __name__: 'up', job: 'prometheus', instance: `127.0.0.1:${prom.server.port}` });
    expect(up[0]!.value[1]).toBe('1');
    expect(up[0]!.value[0]).toBeGreaterThan(Date.now() / 1000 - 600);
  });

  it('answers the conditional gatherer\'s ALERTS query with every firing alert and its labels', async () => {
    const c = client();
    // The harness was told not to wait (NeverFires stays pending): wait here for the two that fire.
    let alerts = await c.query('ALERTS', { params: { 'match[]': 'ALERTS{alertstate="firing"}' } });
    for (let i = 0; i < 100 && alerts.filter((a) => a.metric['alertstate'] === 'firing').length < 2; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      alerts = await c.query('ALERTS', { params: { 'match[]': 'ALERTS{alertstate="firing"}' } });
    }
    const firing = alerts.filter((a) => a.metric['alertstate'] === 'firing').map((a) => a.metric);
    expect(firing).toEqual(expect.arrayContaining([
      { __name__: 'ALERTS', alertname: 'KubePodCrashLooping', alertstate: 'firing', namespace: 'openshift-etcd', pod: 'etcd-0', container: 'etcd', severity: 'warning' },
      { __name__: 'ALERTS', alertname: 'KubePodNotReady', alertstate: 'firing', namespace: 'openshift-apiserver', pod: 'apiserver-1', severity: 'warning' },
    ]));
    expect(firing).toHaveLength(2);
    // Prometheus ignores match[] on /api/v1/query (the original sends it anyway): the pending alert is there too.
    expect(alerts.find((a) => a.metric['alertname'] === 'NeverFires')?.metric['alertstate']).toBe('pending');
  });

  it('gets /federate with repeated match[] as the text exposition format', async () => {
    const text = await client().get('/federate', { query: { 'match[]': ['cluster_installer', 'virt_platform'] } });
    expect(text).toMatch(/^cluster_installer\{[^}]*invoker="user"[^}]*\} 1 \d+$/m);
    expect(text).toMatch(/^virt_platform\{[^}]*type="kvm"[^}]*\} 1 \d+$/m);
    expect(text).not.toContain('\nup{');
  });

  it('rejects a 4xx with the status, the endpoint, the path and a quote of the body', async () => {
    const error = await failureOf(client().query('sum(', {}));
    expect(error.status).toBe(400);
    expect(error.endpoint).toBe(prom.server.url);
    expect(error.path).toBe('/api/v1/query');
    expect(error.body).toContain('bad_data');
    expect(error.message).toContain(`prometheus GET ${prom.server.url}/api/v1/query answered 400: `);
    expect(error.message).toContain('parse error');
    expect(error.code).toBe('IO_MONITORING_API');

    const missing = await failureOf(client().get('/api/v1/no-such-endpoint'));
    expect(missing.status).toBe(404);
    expect(missing.path).toBe('/api/v1/no-such-endpoint');
  });

  it('rejects a result that is not a vector', async () => {
    const error = await failureOf(client().query('scalar(vector(1))'));
    expect(error.status).toBe(200);
    expect(error.message).toContain('the result is a "scalar", not a vector');
  });

  it('fails with status 0 and says so when the server\'s certificate is not signed by the configured CA', async () => {
    const dir = await tempDir();
    const wrongCa = join(dir, 'service-ca.crt');
    await writeFile(wrongCa, (await generateCerts()).caPem);
    const error = await failureOf(prometheusClient(prom.server.url, wrongCa).query('up'));
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/got no HTTP response \(tls, [A-Z_]+\): .*certificate/);
    expect(error.message).toContain(`the certificate must be signed by a CA in ${wrongCa}`);
  });

  it('trusts only the CA file, and picks up a rotated CA file without a restart', async () => {
    const dir = await tempDir();
    const caFile = join(dir, 'service-ca.crt');
    const c = prometheusClient(prom.server.url, caFile);
    const absent = await failureOf(c.query('up'));
    expect(absent.status).toBe(0);
    expect(absent.message).toContain(`the service CA file ${caFile} is absent or holds no certificate`);
    await writeFile(caFile, (await generateCerts()).caPem);
    expect((await failureOf(c.query('up'))).status).toBe(0);
    await writeFile(caFile, prom.server.caPem);
    expect(await c.query('vector(7)')).toEqual([{ metric: {}, value: [expect.any(Number), '7'] }]);
  });

  it('honours an aborted signal with status 0', async () => {
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    const error = await failureOf(client().query('up', { signal: controller.signal }));
    expect(error.status).toBe(0);
    expect(error.message).toContain('was cancelled');
  });

  it('refuses a base URL that is not https', () => {
    expect(() => new PrometheusClient({ service: 'prometheus', baseUrl: prom.server.url.replace('https:', 'http:'), caFile: prom.server.caFile, token: noToken, logger: silent }))
      .toThrow(/must be https/);
  });
});

describe.skipIf(monitoring.skip)('MonitoringClient against a real Alertmanager', () => {
  const am = useAlertmanager();

  it('reads the API v2 alerts with their silences', async () => {
    await am.server.postAlerts([{ labels: { alertname: 'Watchdog', severity: 'none' } }, { labels: { alertname: 'Quiet', severity: 'info' } }]);
    const silence = await am.server.createSilence({ matchers: [{ name: 'alertname', value: 'Quiet' }] });
    await am.server.waitForAlerts((list) => list.length === 2 && list.some((a) => a.status.state === 'suppressed'));
    const client = new MonitoringClient({ service: 'alertmanager', baseUrl: am.server.url, caFile: am.server.caFile, token: noToken, logger: silent, env: {} });
    clients.push(client);
    const all = JSON.parse(await client.get('/api/v2/alerts', { accept: 'application/json' })) as { labels: Record<string, string>; status: { silencedBy: string[] } }[];
    expect(all.map((a) => [a.labels['alertname'], a.status.silencedBy]).sort()).toEqual([['Quiet', [silence]], ['Watchdog', []]]);
    const notSilenced = JSON.parse(await client.get('/api/v2/alerts', { query: { silenced: 'false' } })) as { labels: Record<string, string> }[];
    expect(notSilenced.map((a) => a.labels['alertname'])).toEqual(['Watchdog']);
  });
});
