import { defineGatheringFunction } from 'insights-operator/plugin-api';
import { gatherListedObjects } from './gather-listed-objects.ts';

/** `clusterconfig/container_runtime_configs`: every ContainerRuntimeConfig, the CRI-O settings applied to machine config pools. */
export const containerRuntimeConfigs = defineGatheringFunction({
  description: 'Every ContainerRuntimeConfig.',
  paths: ['config/containerruntimeconfigs/{name}.json'],
  permissions: [{ group: 'machineconfiguration.openshift.io', resource: 'containerruntimeconfigs', verbs: ['list'] }],
  gather: (ctx) => gatherListedObjects(ctx, { apiVersion: 'machineconfiguration.openshift.io/v1', kind: 'ContainerRuntimeConfig' }, 'config/containerruntimeconfigs'),
});
