import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVE_ALERTS_LIMIT, activeAlerts } from '../../../plugins/clusterconfig/active-alerts.ts';
import { GatherError, MonitoringApiError } from '../../../plugin-api/errors.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { noKube } from '../../helpers/run-harness.ts';
import { useAlertmanager } from '../../sim/monitoring/harness.ts';
import { requireMonitoring } from '../../sim/monitoring/require-monitoring.ts';
import { alertmanagerClient, closedPortUrl, sampleAlerts } from './monitoring-fixtures.ts';
import type { SampleAlert } from './monitoring-fixtures.ts';

const monitoring = requireMonitoring();
const PATH = 'config/alerts.json';

// Skipped only where INSIGHTS_ALLOW_MISSING_PROMETHEUS=1 declares a machine without Alertmanager.
describe.skipIf(monitoring.skip)('clusterconfig/active_alerts against a real Alertmanager', () => {
  const am = useAlertmanager();
  let client: ReturnType<typeof alertmanagerClient>;
  beforeAll(() => {
    client = alertmanagerClient(am.server);
  });
  afterAll(() => client?.close());
  const run = () => gatherFunction(activeAlerts, { kube: noKube, services: { alertmanager: client } });

  // First: the Alertmanager of this file holds nothing yet.
  it('records an empty list when Alertmanager holds no alert, as the original', async () => {
    const out = await run();
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
    expect(out.byPath.get(PATH)!.text).toBe('[]');
    expect(out.errors).toEqual([]);
  });

  it("records the sample's alerts with the sample's structure: labels, annotations, times and status, nothing else", async () => {
    const { sample, postable } = await sampleAlerts();
    await am.server.postAlerts(postable);
    await am.server.waitForAlerts((alerts) => alerts.length === sample.length && alerts.every((a) => a.status.state === 'active'));
    const out = await run();
    expect(out.errors).toEqual([]);
    const recorded = JSON.parse(out.byPath.get(PATH)!.text) as SampleAlert[];
    const key = (a: SampleAlert): string => JSON.stringify(a.labels);
    expect(recorded.map(key).sort()).toEqual(sample.map(key).sort());
    for (const alert of recorded) {
      const original = sample.find((s) => key(s) === key(alert))!;
      // The original's struct: no fingerprint, receivers or generatorURL, in this order.
      expect(Object.keys(alert)).toEqual(['labels', 'annotations', 'endsAt', 'startsAt', 'updatedAt', 'status']);
      expect(alert.annotations).toEqual(original.annotations);
      expect(alert.startsAt).toBe(original.startsAt);
      expect(alert.status).toEqual(original.status);
      expect(Object.keys(alert.status)).toEqual(Object.keys(original.status));
      expect(alert.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      // Go writes maps with sorted keys, as the sample shows.
      expect(Object.keys(alert.labels)).toEqual(Object.keys(alert.labels).sort());
    }
  });

  it(`records the first ${ACTIVE_ALERTS_LIMIT} alerts and reports the error the original reports beyond them`, async () => {
    const postable = Array.from({ length: ACTIVE_ALERTS_LIMIT + 1 }, (_, i) => ({ labels: { alertname: 'CapTest', n: String(i).padStart(4, '0') } }));
    await am.server.postAlerts(postable);
    const held = await am.server.waitForAlerts((alerts) => alerts.filter((a) => a.labels['alertname'] === 'CapTest').length === postable.length);
    const out = await run();
    const recorded = JSON.parse(out.byPath.get(PATH)!.text) as SampleAlert[];
    expect(recorded).toHaveLength(ACTIVE_ALERTS_LIMIT);
    expect(out.errors).toEqual([`alert limit ${ACTIVE_ALERTS_LIMIT} was exceeded: Alertmanager holds ${held.length} alerts; the first ${ACTIVE_ALERTS_LIMIT} are recorded`]);
    expect(new Set(recorded.map((a) => JSON.stringify(a.labels))).size).toBe(ACTIVE_ALERTS_LIMIT);
  });
});

describe.skipIf(monitoring.skip)('clusterconfig/active_alerts when Alertmanager cannot be reached', () => {
  const am = useAlertmanager();

  it('fails with an error naming the endpoint, not a crash', async () => {
    const url = await closedPortUrl();
    const client = alertmanagerClient({ url, caFile: am.server.caFile });
    try {
      const error = await gatherFunction(activeAlerts, { kube: noKube, services: { alertmanager: client } }).catch((e: unknown) => e);
      // A GatherError is reported as the function's error in gathers.json; only runtime faults are panics.
      expect(error).toBeInstanceOf(MonitoringApiError);
      expect(error).toBeInstanceOf(GatherError);
      expect((error as Error).message).toContain(`alertmanager GET ${url}/api/v2/alerts got no HTTP response`);
    } finally {
      await client.close();
    }
  });

  it('fails with an error naming the endpoint when Alertmanager answers something that is not a list', async () => {
    const client = alertmanagerClient(am.server);
    try {
      // The status endpoint's object, served where the alert list is expected.
      const wrong = { ...client, get: (_path: string, options?: Parameters<typeof client.get>[1]) => client.get('/api/v2/status', options) };
      const error = await gatherFunction(activeAlerts, { kube: noKube, services: { alertmanager: wrong } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MonitoringApiError);
      expect((error as Error).message).toBe(`alertmanager GET ${am.server.url}/api/v2/alerts answered something that is not a JSON list of alerts`);
    } finally {
      await client.close();
    }
  });
});
