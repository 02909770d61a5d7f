import { defineGatheringFunction } from 'insights-operator/plugin-api';
import { gatherListedObjects } from './gather-listed-objects.ts';

/**
 * `clusterconfig/nodenetworkconfigurationpolicies`: every NodeNetworkConfigurationPolicy of the
 * Kubernetes NMState operator (`nmstate.io/v1`). Records nothing when the operator is not installed.
 */
export const nodenetworkconfigurationpolicies = defineGatheringFunction({
  description: 'Every NodeNetworkConfigurationPolicy (nmstate.io), when the Kubernetes NMState operator is installed.',
  paths: ['cluster-scoped-resources/nmstate.io/nodenetworkconfigurationpolicies/{name}.json'],
  permissions: [{ group: 'nmstate.io', resource: 'nodenetworkconfigurationpolicies', verbs: ['list'] }],
  gather: (ctx) =>
    gatherListedObjects(
      ctx,
      { apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy' },
      'cluster-scoped-resources/nmstate.io/nodenetworkconfigurationpolicies',
    ),
});
