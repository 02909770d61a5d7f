/** An `OperatorConfig` for service tests: the built-in defaults with a token, and overrides per section. */
import type { OperatorConfig } from '../../core/config/merge-config.ts';
import { mergeConfig } from '../../core/config/merge-config.ts';
import { defaultsFromPodConfig } from '../../core/config/operator-defaults.ts';
import { Token } from '../../core/config/token.ts';

export interface ConfigOverrides {
  token?: string | undefined;
  reporting?: Partial<OperatorConfig['reporting']>;
  sca?: Partial<OperatorConfig['sca']>;
  clusterTransfer?: Partial<OperatorConfig['clusterTransfer']>;
  alerting?: Partial<OperatorConfig['alerting']>;
}

export function testOperatorConfig(overrides: ConfigOverrides = {}): Readonly<OperatorConfig> {
  const token = 'token' in overrides ? overrides.token : 'test-token';
  const base = mergeConfig(defaultsFromPodConfig({ storagePath: '/tmp/unused' }), undefined, undefined, token === undefined ? undefined : new Token(token));
  return {
    ...base,
    reporting: { ...base.reporting, ...overrides.reporting },
    sca: { ...base.sca, ...overrides.sca },
    clusterTransfer: { ...base.clusterTransfer, ...overrides.clusterTransfer },
    alerting: { ...base.alerting, ...overrides.alerting },
  };
}
