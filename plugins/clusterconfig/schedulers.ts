import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';

/**
 * `clusterconfig/schedulers`: every `schedulers.config.openshift.io` object (there is normally one,
 * `cluster`: scheduling profile, whether control-plane nodes are schedulable, default node selector).
 */
export const schedulers = defineGatheringFunction({
  description: 'Every scheduler configuration, schedulers.config.openshift.io, one file per object.',
  paths: ['config/schedulers/{name}.json'],
  permissions: [{ group: 'config.openshift.io', resource: 'schedulers', verbs: ['list'] }],
  async *gather(ctx) {
    for await (const scheduler of ctx.kube.list({ apiVersion: 'config.openshift.io/v1', kind: 'Scheduler' })) {
      yield record({ name: `config/schedulers/${scheduler.metadata?.name ?? ''}`, item: resource(scheduler) });
    }
  },
});
