import { describe, expect, it } from 'vitest';
import { useAlertmanager, usePrometheus } from './harness.ts';
import { requireMonitoring } from './require-monitoring.ts';

const monitoring = requireMonitoring();

// Skipped only where INSIGHTS_ALLOW_MISSING_PROMETHEUS=1 declares a machine without Prometheus; otherwise
// requireMonitoring() has added a failing test that says what to install.
describe.skipIf(monitoring.skip)('startAlertmanager', () => {
  const am = useAlertmanager();
  // Options read after Alertmanager started: Prometheus sends its firing alerts there.
  const prom = usePrometheus(() => ({
    alerts: [{ alert: 'FromPrometheus', expr: 'vector(1)', labels: { severity: 'critical', namespace: 'openshift-etcd' } }],
    alertmanager: { url: am.server.url, caFile: am.server.caFile },
  }));

  it('serves TLS only', async () => {
    expect((await am.server.http.send('GET', `${am.server.url}/-/ready`)).status).toBe(200);
    const plain = await am.server.http.send('GET', `${am.server.url.replace('https:', 'http:')}/-/ready`);
    expect(plain.status).toBe(400);
  });

  it('receives a posted alert, and a silence marks it silenced', async () => {
    await am.server.postAlerts([{ labels: { alertname: 'Posted', severity: 'warning', namespace: 'ns-a' }, annotations: { summary: 'posted by a test' } }]);
    const active = await am.server.waitForAlerts((list) => list.some((a) => a.labels['alertname'] === 'Posted' && a.status.state === 'active'));
    const posted = active.find((a) => a.labels['alertname'] === 'Posted')!;
    expect(posted.annotations).toEqual({ summary: 'posted by a test' });
    expect(posted.status.silencedBy).toEqual([]);

    const id = await am.server.createSilence({ matchers: [{ name: 'alertname', value: 'Posted' }], comment: 'maintenance' });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const silenced = await am.server.waitForAlerts((list) => list.some((a) => a.labels['alertname'] === 'Posted' && a.status.state === 'suppressed'));
    expect(silenced.find((a) => a.labels['alertname'] === 'Posted')!.status.silencedBy).toEqual([id]);
    const silences = JSON.parse(await am.server.http.ok('GET', `${am.server.url}/api/v2/silences`)) as { id: string; comment: string; status: { state: string } }[];
    expect(silences.map((s) => [s.id, s.comment, s.status.state])).toEqual([[id, 'maintenance', 'active']]);
  });

  it('gets the alerts Prometheus fires, over TLS with its CA', async () => {
    const alerts = await am.server.waitForAlerts((list) => list.some((a) => a.labels['alertname'] === 'FromPrometheus'));
    const fromProm = alerts.find((a) => a.labels['alertname'] === 'FromPrometheus')!;
    expect(fromProm.labels).toEqual({ alertname: 'FromPrometheus', severity: 'critical', namespace: 'openshift-etcd' });
    expect(fromProm.status.state).toBe('active');
    expect(prom.server.url).not.toBe(am.server.url);
  });
});
