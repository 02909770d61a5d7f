import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silencedAlerts } from '../../../plugins/clusterconfig/silenced-alerts.ts';
import { MonitoringApiError } from '../../../plugin-api/errors.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { noKube } from '../../helpers/run-harness.ts';
import { useAlertmanager } from '../../sim/monitoring/harness.ts';
import { requireMonitoring } from '../../sim/monitoring/require-monitoring.ts';
import { alertmanagerClient, closedPortUrl, readSampleText } from './monitoring-fixtures.ts';

const monitoring = requireMonitoring();
const PATH = 'config/silenced_alerts.json';

interface Gettable {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  receivers: Array<{ name: string }>;
  status: { state: string; silencedBy: string[]; inhibitedBy: string[] };
}

/** Routes as the sample's cluster did: critical alerts to `Critical`, the rest to `Default`. */
const SAMPLE_ROUTES = {
  route: { receiver: 'Default', group_by: ['alertname'], group_wait: '1s', group_interval: '1s', repeat_interval: '1h', routes: [{ matchers: ['severity="critical"'], receiver: 'Critical' }] },
  receivers: [{ name: 'Default' }, { name: 'Critical' }],
};

describe.skipIf(monitoring.skip)('clusterconfig/silenced_alerts against a real Alertmanager', () => {
  const am = useAlertmanager({ config: SAMPLE_ROUTES });
  let client: ReturnType<typeof alertmanagerClient>;
  beforeAll(() => {
    client = alertmanagerClient(am.server);
  });
  afterAll(() => client?.close());
  const run = () => gatherFunction(silencedAlerts, { kube: noKube, services: { alertmanager: client } });

  // First: the Alertmanager of this file holds nothing yet.
  it('records an empty list when no alert is silenced, as the original', async () => {
    const out = await run();
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
    // Alertmanager's own answer, untouched (its JSON encoder ends it with a newline).
    expect(out.byPath.get(PATH)!.text).toBe('[]\n');
  });

  it("records the sample's silenced alerts as Alertmanager answers them, and neither firing nor inhibited ones", async () => {
    const sample = JSON.parse(await readSampleText(PATH)) as Gettable[];
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    await am.server.postAlerts([
      ...sample.map((a) => ({ labels: a.labels, annotations: a.annotations, startsAt: a.startsAt, endsAt, generatorURL: a.generatorURL })),
      { labels: { alertname: 'StillFiring', severity: 'warning' }, endsAt },
    ]);
    const silences = new Map<string, string>();
    for (const a of sample) silences.set(a.labels['alertname']!, await am.server.createSilence({ matchers: [{ name: 'alertname', value: a.labels['alertname']! }] }));
    await am.server.waitForAlerts((alerts) => alerts.length === 3 && alerts.filter((a) => a.status.state === 'suppressed').length === 2);

    const out = await run();
    const recorded = JSON.parse(out.byPath.get(PATH)!.text) as Gettable[];
    expect(recorded.map((a) => a.labels['alertname']).sort()).toEqual(sample.map((a) => a.labels['alertname']).sort());
    for (const alert of recorded) {
      const original = sample.find((s) => s.labels['alertname'] === alert.labels['alertname'])!;
      // Every field Alertmanager gives, as the sample holds them.
      expect(Object.keys(alert).sort()).toEqual(Object.keys(original).sort());
      expect(alert.labels).toEqual(original.labels);
      expect(alert.annotations).toEqual(original.annotations);
      expect(alert.generatorURL).toBe(original.generatorURL);
      expect(alert.startsAt).toBe(original.startsAt);
      expect(alert.receivers).toEqual(original.receivers);
      expect(alert.status).toEqual({ inhibitedBy: [], silencedBy: [silences.get(alert.labels['alertname']!)], state: 'suppressed' });
    }
    // Recorded as Alertmanager answered, byte for byte (the original writes the body untouched).
    const direct = await am.server.http.ok('GET', `${am.server.url}/api/v2/alerts?silenced=true&active=false&inhibited=false`);
    expect(out.byPath.get(PATH)!.text).toBe(direct);
  });
});

describe.skipIf(monitoring.skip)('clusterconfig/silenced_alerts when Alertmanager cannot be reached', () => {
  const am = useAlertmanager();

  it('fails with an error naming the endpoint, not a crash', async () => {
    const url = await closedPortUrl();
    const client = alertmanagerClient({ url, caFile: am.server.caFile });
    try {
      const error = await gatherFunction(silencedAlerts, { kube: noKube, services: { alertmanager: client } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MonitoringApiError);
      expect((error as Error).message).toContain(`alertmanager GET ${url}/api/v2/alerts got no HTTP response`);
    } finally {
      await client.close();
    }
  });
});
