import type { PrometheusApi } from 'insights-operator/plugin-api';
import type { AlertLabels } from './conditional-state.ts';

/**
 * The firing alerts by name, every label set kept: Prometheus' `ALERTS` series restricted to
 * `alertstate="firing"`, as the original queries them.
 */
export async function readFiringAlerts(prometheus: PrometheusApi, signal: AbortSignal): Promise<Map<string, AlertLabels[]>> {
  const samples = await prometheus.query('ALERTS', { signal, params: { 'match[]': 'ALERTS{alertstate="firing"}' } });
  const byName = new Map<string, AlertLabels[]>();
  for (const { metric } of samples) {
    // The extra match[] is advisory for some Prometheus versions; filter here too.
    if (metric.alertstate !== 'firing' || metric.alertname === undefined) continue;
    const list = byName.get(metric.alertname) ?? byName.set(metric.alertname, []).get(metric.alertname)!;
    list.push(metric);
  }
  return byName;
}
