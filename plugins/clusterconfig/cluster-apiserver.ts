import { defineGatheringFunction } from 'insights-operator/plugin-api';
import { gatherClusterSingleton } from './cluster-singleton.ts';

/**
 * `clusterconfig/cluster_apiserver`: the API server configuration (`apiservers.config.openshift.io/cluster`:
 * audit profile, encryption, TLS security profile, serving certificates).
 */
export const clusterApiserver = defineGatheringFunction({
  description: 'The cluster API server configuration, apiservers.config.openshift.io "cluster".',
  paths: ['config/apiserver.json'],
  permissions: [{ group: 'config.openshift.io', resource: 'apiservers', verbs: ['get'], resourceNames: ['cluster'] }],
  gather: (ctx) => gatherClusterSingleton(ctx, 'APIServer', 'config/apiserver'),
});
