import { defineGatheringFunction } from 'insights-operator/plugin-api';
import { gatherClusterSingleton } from './cluster-singleton.ts';

/**
 * `clusterconfig/infrastructures`: the platform the cluster runs on
 * (`infrastructures.config.openshift.io/cluster`).
 */
export const infrastructures = defineGatheringFunction({
  description: 'The cluster infrastructure (platform, API URLs), infrastructures.config.openshift.io "cluster".',
  paths: ['config/infrastructure.json'],
  permissions: [{ group: 'config.openshift.io', resource: 'infrastructures', verbs: ['get'], resourceNames: ['cluster'] }],
  // Infrastructure name and platform region/project/cloud names: masked by the core anonymizer (later issue).
  gather: (ctx) => gatherClusterSingleton(ctx, 'Infrastructure', 'config/infrastructure'),
});
