import { defineGatheringFunction, maskString, record } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { goJson } from './go-json.ts';
import { parseGoYaml } from './go-yaml.ts';
import type { GoYamlValue } from './go-yaml.ts';

const NAMESPACE = 'openshift-monitoring';
const NAME = 'alertmanager-main';
const KEY = 'alertmanager.yaml';

/** The parts of the configuration recorded: where alerts go and what silences what. Templates and globals stay out. */
export const KEPT_SECTIONS: readonly string[] = Object.freeze(['receivers', 'route', 'inhibit_rules']);

/**
 * Keys whose values, and everything below them, are masked: webhook and API URLs, SMTP hosts, keys,
 * passwords, tokens, secrets and any `auth*` block (`authorization.credentials`, `basic_auth`).
 */
export const SENSITIVE_KEY = /token|key|secret|password|auth|url|host/i;

interface Secret extends KubeObject {
  data?: Record<string, string> | null;
}

/**
 * `clusterconfig/alertmanager_config`: the routing part of the platform Alertmanager's configuration
 * (`receivers`, `route`, `inhibit_rules` of the `openshift-monitoring/alertmanager-main` Secret's
 * `alertmanager.yaml`), with every string under a sensitive key masked as the original masks it, as
 * JSON with Go's key order. Only this one Secret is read; no Secret, or no `alertmanager.yaml`,
 * records nothing.
 */
export const alertmanagerConfig = defineGatheringFunction({
  description: "The platform Alertmanager's receivers, route and inhibit rules (alertmanager-main Secret), with URLs, hosts, keys, passwords, tokens and auth settings masked.",
  paths: [`config/secrets/${NAMESPACE}/${NAME}/data.json`],
  permissions: [{ resource: 'secrets', verbs: ['get'], namespace: NAMESPACE, resourceNames: [NAME] }],
  async *gather(ctx) {
    const secret = await ctx.kube.get<Secret>({ apiVersion: 'v1', kind: 'Secret' }, NAME, NAMESPACE);
    const encoded = secret?.data?.[KEY];
    if (encoded === undefined) return;
    const config = parseGoYaml(Buffer.from(encoded, 'base64').toString('utf8'));
    const kept = new Map<string, GoYamlValue>();
    if (config instanceof Map) {
      for (const section of KEPT_SECTIONS) if (config.has(section)) kept.set(section, config.get(section)!);
    }
    yield record({ name: `config/secrets/${NAMESPACE}/${NAME}/data`, item: goJson(maskSensitive(kept, false)) });
  },
});

/**
 * A copy with every string masked when its key, or the key of any mapping above it, is sensitive:
 * `authorization: {credentials: …}` is masked though `credentials` alone is not. Numbers and booleans
 * are kept, as the original keeps them.
 */
export function maskSensitive(value: GoYamlValue, sensitive: boolean): GoYamlValue {
  if (typeof value === 'string') return sensitive ? maskString(value) : value;
  if (Array.isArray(value)) return value.map((item) => maskSensitive(item, sensitive));
  if (value instanceof Map) {
    return new Map([...value].map(([key, v]) => [key, maskSensitive(v, sensitive || SENSITIVE_KEY.test(key))]));
  }
  return value;
}
