import { defineGatheringFunction } from 'insights-operator/plugin-api';
import { gatherClusterSingleton } from './cluster-singleton.ts';

/** `clusterconfig/feature_gates`: the enabled feature set (`featuregates.config.openshift.io/cluster`). */
export const featureGates = defineGatheringFunction({
  description: 'The cluster feature gates, featuregates.config.openshift.io "cluster".',
  paths: ['config/featuregate.json'],
  permissions: [{ group: 'config.openshift.io', resource: 'featuregates', verbs: ['get'], resourceNames: ['cluster'] }],
  gather: (ctx) => gatherClusterSingleton(ctx, 'FeatureGate', 'config/featuregate'),
});
