import { defineGatheringFunction } from 'insights-operator/plugin-api';
import { gatherListedObjects } from './gather-listed-objects.ts';

/**
 * `clusterconfig/openshift_logging`: every ClusterLogging of the Red Hat OpenShift Logging operator.
 * Records nothing when the operator is not installed.
 */
export const openshiftLogging = defineGatheringFunction({
  description: 'Every ClusterLogging (logging.openshift.io), when OpenShift Logging is installed.',
  paths: ['config/logging/{namespace}/{name}.json'],
  permissions: [{ group: 'logging.openshift.io', resource: 'clusterloggings', verbs: ['list'] }],
  gather: (ctx) => gatherListedObjects(ctx, { apiVersion: 'logging.openshift.io/v1', kind: 'ClusterLogging' }, 'config/logging'),
});
