import { defineGatheringFunction } from 'insights-operator/plugin-api';
import { gatherClusterSingleton } from './cluster-singleton.ts';

/** `clusterconfig/proxies`: the cluster-wide egress proxy settings (`proxies.config.openshift.io/cluster`). */
export const proxies = defineGatheringFunction({
  description: 'The cluster-wide proxy configuration, proxies.config.openshift.io "cluster".',
  paths: ['config/proxy.json'],
  permissions: [{ group: 'config.openshift.io', resource: 'proxies', verbs: ['get'], resourceNames: ['cluster'] }],
  // Proxy URLs, noProxy and readiness endpoints: masked by the core anonymizer (later issue).
  gather: (ctx) => gatherClusterSingleton(ctx, 'Proxy', 'config/proxy'),
});
