import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';

/**
 * `clusterconfig/subscriptions`: every OLM Subscription, which says which operator is installed from
 * which catalog, channel and approval policy. The status is left out: it repeats the catalog's state.
 */
export const subscriptions = defineGatheringFunction({
  description: 'Every OLM Subscription, without its status.',
  paths: ['config/subscriptions/{namespace}/{name}.json'],
  permissions: [{ group: 'operators.coreos.com', resource: 'subscriptions', verbs: ['list'] }],
  async *gather(ctx) {
    for await (const subscription of ctx.kube.list({ apiVersion: 'operators.coreos.com/v1alpha1', kind: 'Subscription' })) {
      const { status: _dropped, ...kept } = subscription;
      const namespace = subscription.metadata?.namespace ?? '';
      yield record({ name: `config/subscriptions/${namespace}/${subscription.metadata?.name ?? ''}`, item: resource(kept) });
    }
  },
});
