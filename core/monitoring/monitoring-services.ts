import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { MonitoringSettings } from '../config/operator-defaults.ts';
import { MonitoringClient } from './monitoring-client.ts';
import { operatorBearerToken } from './operator-token.ts';
import { PrometheusClient } from './prometheus-client.ts';

/** What the composition root hands over: the settings, the operator's own kubeconfig (never the impersonating one), a logger. */
export interface MonitoringServiceInput {
  readonly settings: MonitoringSettings;
  readonly operatorConfig: KubeConfig;
  readonly logger: Logger;
}

/** The `core.prometheus` service. */
export function createPrometheusClient(input: MonitoringServiceInput): PrometheusClient {
  return new PrometheusClient({
    service: 'prometheus',
    baseUrl: input.settings.prometheusURL,
    caFile: input.settings.caFile,
    token: operatorBearerToken(input.operatorConfig),
    logger: input.logger.child({ service: 'prometheus-client' }),
  });
}

/** The `core.alertmanager` service. */
export function createAlertmanagerClient(input: MonitoringServiceInput): MonitoringClient {
  return new MonitoringClient({
    service: 'alertmanager',
    baseUrl: input.settings.alertmanagerURL,
    caFile: input.settings.caFile,
    token: operatorBearerToken(input.operatorConfig),
    logger: input.logger.child({ service: 'alertmanager-client' }),
  });
}
