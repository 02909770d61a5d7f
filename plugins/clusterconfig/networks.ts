import { defineGatheringFunction } from 'insights-operator/plugin-api';
import { gatherClusterSingleton } from './cluster-singleton.ts';

/** `clusterconfig/networks`: the cluster-wide network configuration (`networks.config.openshift.io/cluster`). */
export const networks = defineGatheringFunction({
  description: 'The cluster network configuration, networks.config.openshift.io "cluster".',
  paths: ['config/network.json'],
  permissions: [{ group: 'config.openshift.io', resource: 'networks', verbs: ['get'], resourceNames: ['cluster'] }],
  gather: (ctx) => gatherClusterSingleton(ctx, 'Network', 'config/network'),
});
