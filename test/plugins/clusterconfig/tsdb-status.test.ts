import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsdbStatus } from '../../../plugins/clusterconfig/tsdb-status.ts';
import { MonitoringApiError } from '../../../plugin-api/errors.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { noKube } from '../../helpers/run-harness.ts';
import { usePrometheus } from '../../sim/monitoring/harness.ts';
import { requireMonitoring } from '../../sim/monitoring/require-monitoring.ts';
import { closedPortUrl, prometheusClient, readSampleText, sampleRecordingRules } from './monitoring-fixtures.ts';

const monitoring = requireMonitoring();
const PATH = 'config/tsdb.json';

type Json = Record<string, any>;

/** The shape of a JSON value: object keys (sorted) and the shape of the first item of each list. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, shape(v)]));
  return typeof value;
}

const { rules } = await sampleRecordingRules();

describe.skipIf(monitoring.skip)('clusterconfig/tsdb_status against a real Prometheus', () => {
  const prom = usePrometheus({ recordingRules: rules });
  let client: ReturnType<typeof prometheusClient>;
  beforeAll(() => {
    client = prometheusClient(prom.server);
  });
  afterAll(() => client?.close());

  it("records Prometheus' TSDB status as it answers, in the sample's structure, counting the series it holds", async () => {
    const out = await gatherFunction(tsdbStatus, { kube: noKube, services: { prometheus: client } });
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
    const text = out.byPath.get(PATH)!.text;
    const recorded = JSON.parse(text) as Json;
    expect(shape(recorded)).toEqual(shape(JSON.parse(await readSampleText(PATH))));
    expect(recorded['status']).toBe('success');
    const byName = new Map((recorded['data']['seriesCountByMetricName'] as Array<{ name: string; value: number }>).map((e) => [e.name, e.value]));
    // Each series Prometheus holds is counted: the sample's 51 per-namespace CPU series among them.
    expect(byName.get('namespace:container_cpu_usage:sum')).toBe(rules.filter((r) => r.record === 'namespace:container_cpu_usage:sum').length);
    expect(recorded['data']['headStats']['numSeries']).toBeGreaterThanOrEqual(rules.length);
    // Prometheus' own compact body, untouched, as the original writes it.
    expect(text).toMatch(/^\{"status":"success","data":\{"headStats":\{"numSeries":\d+,/);
  });

  it('fails with an error naming the endpoint when Prometheus cannot be reached', async () => {
    const url = await closedPortUrl();
    const unreachable = prometheusClient({ url, caFile: prom.server.caFile });
    try {
      const error = await gatherFunction(tsdbStatus, { kube: noKube, services: { prometheus: unreachable } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MonitoringApiError);
      expect((error as Error).message).toContain(`prometheus GET ${url}/api/v1/status/tsdb got no HTTP response`);
    } finally {
      await unreachable.close();
    }
  });
});
