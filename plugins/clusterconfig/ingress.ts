import { defineGatheringFunction } from 'insights-operator/plugin-api';
import { gatherClusterSingleton } from './cluster-singleton.ts';

/**
 * `clusterconfig/ingress`: the cluster-wide ingress configuration (`ingresses.config.openshift.io/cluster`:
 * the default application domain, component routes, load balancer).
 */
export const ingress = defineGatheringFunction({
  description: 'The cluster ingress configuration, ingresses.config.openshift.io "cluster".',
  paths: ['config/ingress.json'],
  permissions: [{ group: 'config.openshift.io', resource: 'ingresses', verbs: ['get'], resourceNames: ['cluster'] }],
  gather: (ctx) => gatherClusterSingleton(ctx, 'Ingress', 'config/ingress'),
});
