import { MonitoringApiError } from '../errors.ts';
import type { LoadedGatheringRules, GatheringRulesProvider, RemoteConfiguration } from '../gathering-rules.ts';
import type { MonitoringApi, PrometheusApi, PrometheusSample } from '../monitoring.ts';

/** What a mock Prometheus answers. */
export interface MockPrometheusOptions {
  /**
   * Firing alerts, each as its labels (`alertname` required): the `ALERTS` query answers them with
   * `alertstate="firing"`, as the conditional gatherer asks.
   */
  firing?: ReadonlyArray<Readonly<Record<string, string>>>;
  /** Other instant queries, by expression: their samples' labels and values. */
  queries?: Readonly<Record<string, ReadonlyArray<{ metric: Readonly<Record<string, string>>; value: string }>>>;
  /** GET bodies by path (`/federate`, `/api/v1/status/tsdb`); any other path answers 404. */
  responses?: Readonly<Record<string, string>>;
}

/** The time mock samples carry: fixed, so that records are reproducible. */
const SAMPLE_TIME = Date.parse('2025-01-01T00:00:00Z') / 1000;

function notFound(service: string, endpoint: string, path: string): MonitoringApiError {
  return new MonitoringApiError(`${service} GET ${endpoint}${path} answered 404 (no mock response for this path)`, { status: 404, endpoint, path, body: '' });
}

/**
 * A Prometheus for unit tests of functions declaring `coreServices.prometheus`: no process, no TLS,
 * answers only what it is given. For the real thing, gather against the simulator with a real
 * Prometheus (see test/sim/monitoring in this repository).
 * @param options - firing alerts, query answers and GET bodies
 */
export function mockPrometheus(options: MockPrometheusOptions = {}): PrometheusApi {
  const endpoint = 'https://prometheus.mock';
  const firing: PrometheusSample[] = (options.firing ?? []).map((labels) => ({
    metric: { __name__: 'ALERTS', alertstate: 'firing', ...labels }, value: [SAMPLE_TIME, '1'],
  }));
  return {
    endpoint,
    get: async (path) => {
      const body = options.responses?.[path];
      if (body === undefined) throw notFound('prometheus', endpoint, path);
      return body;
    },
    query: async (expr) => {
      if (expr === 'ALERTS') return firing;
      return (options.queries?.[expr] ?? []).map((s) => ({ metric: s.metric, value: [SAMPLE_TIME, s.value] as const }));
    },
  };
}

/**
 * An Alertmanager for unit tests of functions declaring `coreServices.alertmanager`.
 * @param responses - GET bodies by path (`/api/v2/alerts`); any other path answers 404
 */
export function mockAlertmanager(responses: Readonly<Record<string, string>> = {}): MonitoringApi {
  const endpoint = 'https://alertmanager.mock';
  return {
    endpoint,
    get: async (path) => {
      const body = responses[path];
      if (body === undefined) throw notFound('alertmanager', endpoint, path);
      return body;
    },
  };
}

/**
 * Gathering rules for unit tests of functions declaring `coreServices.gatheringRules`: `configuration`
 * as if the rules endpoint had answered it.
 * @param configuration - the remote configuration to hand out
 */
export function mockGatheringRules(configuration: RemoteConfiguration): GatheringRulesProvider {
  const loaded: LoadedGatheringRules = {
    configuration, source: 'remote', endpoint: 'https://rules.mock/api/gathering/v2/4.18.0/gathering_rules',
    available: true, availableReason: 'Succeeded', valid: true, validReason: 'Succeeded', message: '',
  };
  return { load: async () => loaded };
}
