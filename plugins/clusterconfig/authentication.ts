import { defineGatheringFunction } from 'insights-operator/plugin-api';
import { gatherClusterSingleton } from './cluster-singleton.ts';

/**
 * `clusterconfig/authentication`: how users authenticate (`authentications.config.openshift.io/cluster`:
 * integrated OAuth or an external OIDC provider, service-account issuer, webhook token authenticator).
 */
export const authentication = defineGatheringFunction({
  description: 'The cluster authentication configuration, authentications.config.openshift.io "cluster".',
  paths: ['config/authentication.json'],
  permissions: [{ group: 'config.openshift.io', resource: 'authentications', verbs: ['get'], resourceNames: ['cluster'] }],
  gather: (ctx) => gatherClusterSingleton(ctx, 'Authentication', 'config/authentication'),
});
