import { MonitoringApiError } from '../../plugin-api/errors.ts';
import type { PrometheusApi, PrometheusSample } from '../../plugin-api/monitoring.ts';
import { MonitoringClient } from './monitoring-client.ts';

const QUERY_PATH = '/api/v1/query';

/** Prometheus: the monitoring client plus instant queries (`/api/v1/query`) whose result must be a vector. */
export class PrometheusClient extends MonitoringClient implements PrometheusApi {
  async query(
    expr: string,
    options: { signal?: AbortSignal; params?: Readonly<Record<string, string | readonly string[]>> } = {},
  ): Promise<PrometheusSample[]> {
    const extra = Object.entries(options.params ?? {}).filter(([name]) => name !== 'query');
    const answer = await this.fetch(QUERY_PATH, {
      query: { query: expr, ...Object.fromEntries(extra) },
      accept: 'application/json',
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const bad = (why: string): MonitoringApiError => new MonitoringApiError(
      `prometheus GET ${this.endpoint}${QUERY_PATH} for "${expr}": ${why}`,
      { status: answer.status, endpoint: this.endpoint, path: QUERY_PATH, body: answer.body.slice(0, 1024) },
    );
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      throw bad('the answer is not JSON');
    }
    const body = parsed as { status?: unknown; error?: unknown; data?: { resultType?: unknown; result?: unknown } };
    if (body.status !== 'success') throw bad(`the answer's status is ${JSON.stringify(body.status)}${typeof body.error === 'string' ? `: ${body.error}` : ''}`);
    if (body.data?.resultType !== 'vector') throw bad(`the result is a ${JSON.stringify(body.data?.resultType)}, not a vector`);
    if (!Array.isArray(body.data.result)) throw bad('the vector has no result list');
    return body.data.result.map((sample, i) => toSample(sample, () => bad(`result ${i} is not a sample ({metric, value: [time, "value"]})`)));
  }
}

function toSample(raw: unknown, bad: () => Error): PrometheusSample {
  const s = raw as { metric?: unknown; value?: unknown };
  if (typeof s !== 'object' || s === null || typeof s.metric !== 'object' || s.metric === null || !Array.isArray(s.value)) throw bad();
  const [time, value] = s.value as unknown[];
  if (typeof time !== 'number' || typeof value !== 'string') throw bad();
  const metric: Record<string, string> = {};
  for (const [name, v] of Object.entries(s.metric)) {
    if (typeof v !== 'string') throw bad();
    metric[name] = v;
  }
  return { metric, value: [time, value] };
}
