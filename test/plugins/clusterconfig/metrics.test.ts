import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEDERATED_SERIES, metrics } from '../../../plugins/clusterconfig/metrics.ts';
import { MonitoringApiError } from '../../../plugin-api/errors.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { noKube } from '../../helpers/run-harness.ts';
import { usePrometheus } from '../../sim/monitoring/harness.ts';
import type { RecordingRule } from '../../sim/monitoring/prometheus.ts';
import { requireMonitoring } from '../../sim/monitoring/require-monitoring.ts';
import { closedPortUrl, parseMetrics, prometheusClient, readSampleText, sampleRecordingRules } from './monitoring-fixtures.ts';
import type { MetricSample } from './monitoring-fixtures.ts';

const monitoring = requireMonitoring();
const PATH = 'config/metrics';

const id = (s: MetricSample): string => `${s.name}${JSON.stringify(Object.entries(s.labels).sort())} ${Number(s.value)}`;

/** Series Prometheus holds that the original does not ask for: they must stay out. */
const UNASKED: RecordingRule[] = [
  { record: 'etcd_server_slow_apply', expr: 'vector(5)', labels: { job: 'etcd' } },
  { record: 'ALERTS', expr: 'vector(1)', labels: { alertname: 'Watchdog', alertstate: 'firing' } },
  { record: 'up', expr: 'vector(1)', labels: { job: 'kubelet' } },
];

/** Every series of the sample's file, each made by a recording rule with its labels and value. */
const { samples: SAMPLE, rules: SAMPLE_RULES } = await sampleRecordingRules();

describe.skipIf(monitoring.skip)('clusterconfig/metrics against a real Prometheus holding the sample\'s series', () => {
  const prom = usePrometheus(() => ({ recordingRules: [...SAMPLE_RULES, ...UNASKED] }));
  let client: ReturnType<typeof prometheusClient>;
  beforeAll(() => {
    client = prometheusClient(prom.server);
  });
  afterAll(() => client?.close());

  it("records /federate's answer for the original's series: the sample's series with their labels and values, always stored", async () => {
    const out = await gatherFunction(metrics, { kube: noKube, services: { prometheus: client } });
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
    const recorded = out.byPath.get(PATH)!;
    expect(recorded.record.alwaysStored).toBe(true);
    expect(parseMetrics(recorded.text).map(id).sort()).toEqual(SAMPLE.map(id).sort());
    // The text format, one TYPE line per family, as in the sample.
    const families = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('# TYPE ')).sort();
    expect(families(recorded.text)).toEqual(families(await readSampleText(PATH)));
    expect(recorded.text).toMatch(/^cluster_installer\{.*\} 1 \d{13}$/m);
    expect(recorded.text).not.toMatch(/^(etcd_server_slow_apply|ALERTS|up)\{/m);
  });

  it('asks for each of the series the original asks for, and the sample holds all of them', () => {
    expect(new Set(SAMPLE.map((s) => s.name))).toEqual(new Set(FEDERATED_SERIES));
  });
});

describe.skipIf(monitoring.skip)('clusterconfig/metrics against a Prometheus without those series', () => {
  const prom = usePrometheus({ recordingRules: UNASKED });

  it('records an empty file, as the original records the empty answer', async () => {
    const client = prometheusClient(prom.server);
    try {
      const out = await gatherFunction(metrics, { kube: noKube, services: { prometheus: client } });
      expect(out.records.map((r) => [r.path, r.text])).toEqual([[PATH, '']]);
    } finally {
      await client.close();
    }
  });

  it('fails with an error naming the endpoint when Prometheus cannot be reached', async () => {
    const url = await closedPortUrl();
    const client = prometheusClient({ url, caFile: prom.server.caFile });
    try {
      const error = await gatherFunction(metrics, { kube: noKube, services: { prometheus: client } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MonitoringApiError);
      expect((error as Error).message).toContain(`prometheus GET ${url}/federate got no HTTP response`);
    } finally {
      await client.close();
    }
  });
});
