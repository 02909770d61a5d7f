import { defineGatheringFunction, record } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { goJson } from './go-json.ts';

const NAMESPACE = 'openshift-config';
const NAME = 'support';

/**
 * Keys whose values are replaced by `x` of the same byte length: the credentials of the deprecated
 * upload configuration, and the proxy settings, which can carry credentials inline.
 */
const MASKED_KEYS: ReadonlySet<string> = new Set(['username', 'password', 'httpProxy', 'httpsProxy', 'noProxy']);

interface Secret extends KubeObject {
  data?: Record<string, string> | null;
}

/**
 * `clusterconfig/support_secret`: the data of the `openshift-config/support` Secret, the deprecated way
 * of configuring the operator (endpoints, intervals, obfuscation), with its credentials and proxy
 * settings masked. Only this one Secret is ever read.
 */
export const supportSecret = defineGatheringFunction({
  description: 'The data of the openshift-config/support Secret, with username, password and proxy settings masked.',
  paths: [`config/secrets/${NAMESPACE}/${NAME}/data.json`],
  permissions: [{ resource: 'secrets', verbs: ['get'], namespace: NAMESPACE, resourceNames: [NAME] }],
  async *gather(ctx) {
    const secret = await ctx.kube.get<Secret>({ apiVersion: 'v1', kind: 'Secret' }, NAME, NAMESPACE);
    // The Secret is optional: most clusters never create it.
    if (secret === undefined) return;
    yield record({ name: `config/secrets/${NAMESPACE}/${NAME}/data`, item: goJson(maskedData(secret.data)) });
  },
});

/**
 * The Secret's data as Go renders a `map[string][]byte`: keys sorted, each value base64 (which is how
 * the API serves it), masked values being the base64 of their `x` replacement; `null` when the Secret
 * has no data.
 */
function maskedData(data: Record<string, string> | null | undefined): Map<string, string> | null {
  if (data === undefined || data === null) return null;
  return new Map(Object.entries(data).map(([key, value]) => {
    if (!MASKED_KEYS.has(key)) return [key, value];
    // The value is bytes, not necessarily UTF-8 text: it is measured in bytes, as the original does.
    const length = Buffer.from(value, 'base64').length;
    return [key, Buffer.from('x'.repeat(length)).toString('base64')];
  }));
}
