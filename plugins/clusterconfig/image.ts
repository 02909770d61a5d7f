import { defineGatheringFunction } from 'insights-operator/plugin-api';
import { gatherClusterSingleton } from './cluster-singleton.ts';

/**
 * `clusterconfig/image`: the cluster-wide image policy (`images.config.openshift.io/cluster`: allowed
 * and blocked registries, additional trusted CA, internal registry host name).
 */
export const image = defineGatheringFunction({
  description: 'The cluster image configuration, images.config.openshift.io "cluster".',
  paths: ['config/image.json'],
  permissions: [{ group: 'config.openshift.io', resource: 'images', verbs: ['get'], resourceNames: ['cluster'] }],
  gather: (ctx) => gatherClusterSingleton(ctx, 'Image', 'config/image'),
});
