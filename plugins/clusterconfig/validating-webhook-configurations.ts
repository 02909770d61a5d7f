import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';
import { maskWebhookCaBundles } from './webhook-ca-bundles.ts';

/** `clusterconfig/validating_webhook_configurations`: every ValidatingWebhookConfiguration, with the webhooks' CA bundles masked. */
export const validatingWebhookConfigurations = defineGatheringFunction({
  description: 'Every ValidatingWebhookConfiguration, with each webhook\'s clientConfig.caBundle masked.',
  paths: ['config/validatingwebhookconfigurations/{name}.json'],
  permissions: [{ group: 'admissionregistration.k8s.io', resource: 'validatingwebhookconfigurations', verbs: ['list'] }],
  async *gather(ctx) {
    for await (const configuration of ctx.kube.list({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration' })) {
      yield record({ name: `config/validatingwebhookconfigurations/${configuration.metadata?.name ?? ''}`, item: resource(maskWebhookCaBundles(configuration)) });
    }
  },
});
