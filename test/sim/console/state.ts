import type { ConsoleUpload, Entitlement } from './types.ts';

/** The rules served until `setRules`: a small valid v2 document (the published schema wants 1 to 64 rules). */
export const DEFAULT_RULES = {
  version: '1.0.0',
  conditional_gathering_rules: [{
    conditions: [{ type: 'alert_is_firing', alert: { name: 'SamplesImagestreamImportFailing' } }],
    gathering_functions: {
      image_streams_of_namespace: { namespace: 'openshift-cluster-samples-operator' },
      logs_of_namespace: { namespace: 'openshift-cluster-samples-operator', tail_lines: 100 },
    },
  }],
  container_logs: [],
} as const;

/** Settings fixed at start. */
export interface ConsoleSettings {
  /** When set, `AccessToken <clusterId>:<token>` must name this cluster. */
  clusterId: string | undefined;
  orgId: string;
  maxBytes: number;
  validateArchives: boolean;
}

/** What the simulated services hold; routes read it, the test's API writes it. */
export class ConsoleState {
  token: string;
  readonly settings: ConsoleSettings;
  /** Reports by cluster ID; '*' answers for any cluster. */
  readonly reports = new Map<string, unknown>();
  rules: unknown = DEFAULT_RULES;
  /** Per architecture; undefined: a generated pair for each requested architecture. */
  entitlements: Readonly<Record<string, Entitlement>> | undefined;
  transfers: readonly unknown[] = [];
  readonly uploads: ConsoleUpload[] = [];

  constructor(token: string, settings: ConsoleSettings) {
    this.token = token;
    this.settings = settings;
  }
}
