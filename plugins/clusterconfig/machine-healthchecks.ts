import { defineGatheringFunction } from 'insights-operator/plugin-api';
import { gatherListedObjects } from './gather-listed-objects.ts';

/** `clusterconfig/machine_healthchecks`: every MachineHealthCheck, the rules by which unhealthy machines are remediated. */
export const machineHealthchecks = defineGatheringFunction({
  description: 'Every MachineHealthCheck.',
  paths: ['config/machinehealthchecks/{namespace}/{name}.json'],
  permissions: [{ group: 'machine.openshift.io', resource: 'machinehealthchecks', verbs: ['list'] }],
  gather: (ctx) => gatherListedObjects(ctx, { apiVersion: 'machine.openshift.io/v1beta1', kind: 'MachineHealthCheck' }, 'config/machinehealthchecks'),
});
