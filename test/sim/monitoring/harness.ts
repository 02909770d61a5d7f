/**
 * One Prometheus or Alertmanager per vitest file (started in beforeAll, stopped in afterAll):
 *
 *   describe.skipIf(requireMonitoring().skip)('…', () => {
 *     const am = useAlertmanager();
 *     // Options as a function: read once Alertmanager has started, so Prometheus can send to it.
 *     const prom = usePrometheus(() => ({ alerts: [...], alertmanager: { url: am.server.url, caFile: am.server.caFile } }));
 *     it('…', async () => { prom.server.url … });
 *   });
 */
import { startAlertmanager } from './alertmanager.ts';
import type { AlertmanagerOptions, AlertmanagerServer } from './alertmanager.ts';
import { startPrometheus } from './prometheus.ts';
import type { PrometheusOptions, PrometheusServer } from './prometheus.ts';
import { usePerFile } from '../use-per-file.ts';

export interface ServerHandle<S> {
  /** The running server (throws before beforeAll has run). */
  readonly server: S;
}

type OptionsOf<O> = O | (() => O);

function resolve<O>(options: OptionsOf<O> | undefined, fallback: O): O {
  return typeof options === 'function' ? (options as () => O)() : options ?? fallback;
}

export function usePrometheus(options?: OptionsOf<PrometheusOptions>): ServerHandle<PrometheusServer> {
  const perFile = usePerFile('prometheus-sim', () => startPrometheus(resolve(options, {})), () => undefined);
  return {
    get server(): PrometheusServer {
      return perFile.current();
    },
  };
}

export function useAlertmanager(options?: OptionsOf<AlertmanagerOptions>): ServerHandle<AlertmanagerServer> {
  const perFile = usePerFile('alertmanager-sim', () => startAlertmanager(resolve(options, {})), () => undefined);
  return {
    get server(): AlertmanagerServer {
      return perFile.current();
    },
  };
}
