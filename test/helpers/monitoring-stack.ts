/**
 * A cluster's monitoring stack for tests that gather every function: a real Prometheus and Alertmanager
 * (Debian's, started per test file) and the operator configuration that points the core's clients at
 * them with one service CA bundle, as in a cluster. Without it the monitoring functions rightly fail:
 * the default in-cluster endpoints and CA do not exist on a test machine.
 *
 *   const monitoring = requireMonitoring();
 *   describe.skipIf(monitoring.skip)('…', () => {
 *     const stack = useMonitoringStack();
 *     … runCli(['gather', '--config', await stack.writeConfig(dir), …]) …
 *   });
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { useAlertmanager, usePrometheus } from '../sim/monitoring/harness.ts';
import type { AlertmanagerServer } from '../sim/monitoring/alertmanager.ts';
import type { PrometheusOptions, PrometheusServer } from '../sim/monitoring/prometheus.ts';

export interface MonitoringStack {
  /** The running servers (read inside tests and hooks): to post alerts, create silences, query. */
  readonly prometheus: PrometheusServer;
  readonly alertmanager: AlertmanagerServer;
  /** The `monitoring` section of the operator configuration for this stack. */
  settings(dir: string): Promise<{ prometheusURL: string; alertmanagerURL: string; caFile: string }>;
  /** Writes a configuration file (`--config`) holding only the `monitoring` section; returns its path. */
  writeConfig(dir: string): Promise<string>;
}

/** Starts Prometheus and Alertmanager around the current test file (beforeAll/afterAll). */
export function useMonitoringStack(options: PrometheusOptions = {}): MonitoringStack {
  const alertmanager = useAlertmanager();
  const prometheus = usePrometheus(options);
  const settings = async (dir: string) => {
    // One service CA bundle for both, as the service CA signs both in a cluster.
    const caFile = join(dir, 'service-ca.crt');
    await writeFile(caFile, `${prometheus.server.caPem}${alertmanager.server.caPem}`);
    return { prometheusURL: prometheus.server.url, alertmanagerURL: alertmanager.server.url, caFile };
  };
  return {
    get prometheus() { return prometheus.server; },
    get alertmanager() { return alertmanager.server; },
    settings,
    async writeConfig(dir) {
      const file = join(dir, 'monitoring-config.yaml');
      await writeFile(file, stringify({ monitoring: await settings(dir) }));
      return file;
    },
  };
}
