import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';
import { maskWebhookCaBundles } from './webhook-ca-bundles.ts';

/** `clusterconfig/mutating_webhook_configurations`: every MutatingWebhookConfiguration, with the webhooks' CA bundles masked. */
export const mutatingWebhookConfigurations = defineGatheringFunction({
  description: 'Every MutatingWebhookConfiguration, with each webhook\'s clientConfig.caBundle masked.',
  paths: ['config/mutatingwebhookconfigurations/{name}.json'],
  permissions: [{ group: 'admissionregistration.k8s.io', resource: 'mutatingwebhookconfigurations', verbs: ['list'] }],
  async *gather(ctx) {
    for await (const configuration of ctx.kube.list({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration' })) {
      yield record({ name: `config/mutatingwebhookconfigurations/${configuration.metadata?.name ?? ''}`, item: resource(maskWebhookCaBundles(configuration)) });
    }
  },
});
