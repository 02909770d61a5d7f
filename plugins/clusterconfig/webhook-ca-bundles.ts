import type { KubeObject } from 'insights-operator/plugin-api';

interface WebhookConfiguration extends KubeObject {
  webhooks?: Array<{ clientConfig?: { caBundle?: unknown; [key: string]: unknown } | null; [key: string]: unknown }> | null;
}

/**
 * A webhook configuration with the CA bundle of each webhook masked, as the original does: the bundle
 * is `[]byte`, which JSON carries as base64, and the original replaces its bytes by as many `x`s. The
 * result is therefore the base64 of `xxx…`, as long as the decoded bundle; a missing or empty bundle
 * stays missing.
 * @param configuration - a Mutating- or ValidatingWebhookConfiguration as served
 */
export function maskWebhookCaBundles(configuration: KubeObject): KubeObject {
  const { webhooks } = configuration as WebhookConfiguration;
  if (!Array.isArray(webhooks)) return configuration;
  return {
    ...configuration,
    webhooks: webhooks.map((webhook) => {
      const bundle = webhook.clientConfig?.caBundle;
      if (typeof bundle !== 'string' || bundle === '') return webhook;
      const masked = Buffer.from('x'.repeat(Buffer.from(bundle, 'base64').length)).toString('base64');
      return { ...webhook, clientConfig: { ...webhook.clientConfig, caBundle: masked } };
    }),
  };
}
