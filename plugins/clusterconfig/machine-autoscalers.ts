import { defineGatheringFunction } from 'insights-operator/plugin-api';
import { gatherListedObjects } from './gather-listed-objects.ts';

/** `clusterconfig/machine_autoscalers`: every MachineAutoscaler, the replica bounds the cluster autoscaler keeps a MachineSet within. */
export const machineAutoscalers = defineGatheringFunction({
  description: 'Every MachineAutoscaler.',
  paths: ['config/machineautoscalers/{namespace}/{name}.json'],
  permissions: [{ group: 'autoscaling.openshift.io', resource: 'machineautoscalers', verbs: ['list'] }],
  gather: (ctx) => gatherListedObjects(ctx, { apiVersion: 'autoscaling.openshift.io/v1beta1', kind: 'MachineAutoscaler' }, 'config/machineautoscalers'),
});
