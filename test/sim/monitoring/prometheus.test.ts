import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCerts } from '../kube/certs.ts';
import { ALLOW_MISSING_ENV, findMonitoringBinaries, MONITORING_MISSING_MESSAGE } from './binaries.ts';
import { usePrometheus } from './harness.ts';
import { CaTrustingClient } from './https-client.ts';
import { startPrometheus } from './prometheus.ts';
import { requireMonitoring } from './require-monitoring.ts';

const monitoring = requireMonitoring();

describe('findMonitoringBinaries and requireMonitoring', () => {
  it('reports what is missing from PATH, and skips only when missing binaries are allowed', () => {
    const env = { PATH: '/nonexistent-dir' };
    expect(findMonitoringBinaries(env).missing).toEqual(['prometheus', 'prometheus-alertmanager']);
    const allowed = requireMonitoring({ ...env, [ALLOW_MISSING_ENV]: '1' });
    expect(allowed.skip).toBe(true);
    expect(allowed.reason).toContain(MONITORING_MISSING_MESSAGE);
    expect(allowed.reason).toContain('apt-get install prometheus prometheus-alertmanager');
  });
});

// Skipped only where INSIGHTS_ALLOW_MISSING_PROMETHEUS=1 declares a machine without Prometheus; otherwise
// requireMonitoring() has added a failing test that says what to install.
describe.skipIf(monitoring.skip)('startPrometheus', () => {
  const prom = usePrometheus({
    alerts: [
      { alert: 'KubePodCrashLooping', expr: 'vector(1)', labels: { namespace: 'openshift-monitoring', pod: 'crashy-0', container: 'main', severity: 'warning' } },
      { alert: 'TwoSeries', expr: 'label_replace(vector(1), "pod", "a", "", "") or label_replace(vector(1), "pod", "b", "", "")' },
    ],
    recordingRules: [{ record: 'cluster_installer', expr: 'vector(1)', labels: { type: 'openshift-install', invoker: 'user' } }],
  });

  it('is ready over TLS with its per-run CA', async () => {
    const answer = await prom.server.http.send('GET', `${prom.server.url}/-/ready`);
    expect(answer.status).toBe(200);
    expect(prom.server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(prom.server.caFile)).toBe(true);
  });

  it('fires every given alert with its labels, one ALERTS series per label set', async () => {
    const firing = await prom.server.query('ALERTS{alertstate="firing"}');
    const crash = firing.filter((s) => s.metric['alertname'] === 'KubePodCrashLooping');
    expect(crash.map((s) => s.metric)).toEqual([{
      __name__: 'ALERTS', alertname: 'KubePodCrashLooping', alertstate: 'firing',
      namespace: 'openshift-monitoring', pod: 'crashy-0', container: 'main', severity: 'warning',
    }]);
    expect(firing.filter((s) => s.metric['alertname'] === 'TwoSeries').map((s) => s.metric['pod']).sort()).toEqual(['a', 'b']);
  });

  it('records the recording rules into series that /federate serves', async () => {
    const text = await prom.server.http.ok('GET', `${prom.server.url}/federate?${new URLSearchParams({ 'match[]': 'cluster_installer' })}`);
    expect(text).toMatch(/^cluster_installer\{[^}]*invoker="user"[^}]*type="openshift-install"[^}]*\} 1 \d+$/m);
  });

  it('refuses plain HTTP and a client that trusts another CA', async () => {
    const plain = await new CaTrustingClient(prom.server.caPem).send('GET', `${prom.server.url.replace('https:', 'http:')}/-/ready`)
      .catch((error: Error) => ({ status: 0, text: error.message }));
    // Go's TLS server answers a plain request with 400 and nothing else.
    expect(plain.status).toBe(400);
    expect(plain.text).toContain('HTTP request to an HTTPS server');
    const other = new CaTrustingClient((await generateCerts()).caPem);
    try {
      await expect(other.send('GET', `${prom.server.url}/-/ready`)).rejects.toThrow();
    } finally {
      await other.close();
    }
  });
});

describe.skipIf(monitoring.skip)('startPrometheus lifecycle', () => {
  it('stops the process and removes its directory on close, and close can be called twice', async () => {
    const server = await startPrometheus();
    const dir = dirname(server.caFile);
    const client = new CaTrustingClient(server.caPem);
    try {
      expect((await client.send('GET', `${server.url}/-/ready`)).status).toBe(200);
      await server.close();
      await server.close();
      expect(existsSync(dir)).toBe(false);
      await expect(client.send('GET', `${server.url}/-/ready`)).rejects.toThrow(/ECONNREFUSED|connect/);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('scrapes itself when asked, so that `up` exists', async () => {
    const server = await startPrometheus({ scrapeSelf: true });
    try {
      const up = await server.query('up');
      expect(up.map((s) => ({ job: s.metric['job'], value: s.value[1] }))).toEqual([{ job: 'prometheus', value: '1' }]);
    } finally {
      await server.close();
    }
  });

  it('with waitForAlerts off, starts without waiting for an alert that is only pending', async () => {
    const server = await startPrometheus({ alerts: [{ alert: 'Later', expr: 'vector(1)', for: '1h' }], waitForAlerts: false });
    try {
      let alerts = await server.query('ALERTS');
      for (let i = 0; i < 100 && alerts.length === 0; i += 1) {
        await new Promise((r) => setTimeout(r, 100));
        alerts = await server.query('ALERTS');
      }
      expect(alerts.map((s) => [s.metric['alertname'], s.metric['alertstate']])).toEqual([['Later', 'pending']]);
    } finally {
      await server.close();
    }
  });
});
