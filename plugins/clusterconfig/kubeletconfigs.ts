import { defineGatheringFunction, json, record } from 'insights-operator/plugin-api';

/**
 * `clusterconfig/kubeletconfigs`: every KubeletConfig, the kubelet settings applied to machine config
 * pools.
 */
export const kubeletconfigs = defineGatheringFunction({
  description: 'Every KubeletConfig, with its managedFields.',
  paths: ['config/kubeletconfigs/{name}.json'],
  permissions: [{ group: 'machineconfiguration.openshift.io', resource: 'kubeletconfigs', verbs: ['list'] }],
  async *gather(ctx) {
    for await (const config of ctx.kube.list({ apiVersion: 'machineconfiguration.openshift.io/v1', kind: 'KubeletConfig' })) {
      // The original writes this kind with its plain JSON marshaller rather than the Resource one, so
      // managedFields stay in the record; json() keeps the object whole for the same output.
      yield record({ name: `config/kubeletconfigs/${config.metadata?.name ?? ''}`, item: json(config) });
    }
  },
});
