import { defineGatheringFunction } from 'insights-operator/plugin-api';
import { gatherListedObjects } from './gather-listed-objects.ts';

/** `clusterconfig/machine_config_pools`: every MachineConfigPool, which says how the nodes of each role are configured and updated. */
export const machineConfigPools = defineGatheringFunction({
  description: 'Every MachineConfigPool.',
  paths: ['config/machineconfigpools/{name}.json'],
  permissions: [{ group: 'machineconfiguration.openshift.io', resource: 'machineconfigpools', verbs: ['list'] }],
  gather: (ctx) => gatherListedObjects(ctx, { apiVersion: 'machineconfiguration.openshift.io/v1', kind: 'MachineConfigPool' }, 'config/machineconfigpools'),
});
