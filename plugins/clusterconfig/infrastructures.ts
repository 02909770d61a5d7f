import { defineGatheringFunction, maskString, maskUrl, withMaskedFields } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { gatherClusterSingleton } from './cluster-singleton.ts';

/**
 * Platform-status fields that name the customer's cloud account or location, masked as the original
 * masks them (length kept).
 */
const MASKED_PLATFORM_FIELDS: ReadonlyArray<readonly string[]> = [
  ['aws', 'region'],
  ['azure', 'cloudName'],
  ['gcp', 'region'],
  ['gcp', 'projectID'],
  ['ibmcloud', 'location'],
  ['openstack', 'cloudName'],
].map((path) => ['status', 'platformStatus', ...path]);

/**
 * `clusterconfig/infrastructures`: the platform the cluster runs on
 * (`infrastructures.config.openshift.io/cluster`), with the infrastructure name and the platform's
 * region, project and cloud names masked.
 */
export const infrastructures = defineGatheringFunction({
  description: 'The cluster infrastructure (platform, API URLs), infrastructures.config.openshift.io "cluster", with account and location names masked.',
  paths: ['config/infrastructure.json'],
  permissions: [{ group: 'config.openshift.io', resource: 'infrastructures', verbs: ['get'], resourceNames: ['cluster'] }],
  gather: (ctx) => gatherClusterSingleton(ctx, 'Infrastructure', 'config/infrastructure', anonymizeInfrastructure),
});

function anonymizeInfrastructure(infrastructure: KubeObject): KubeObject {
  // The infrastructure name embeds the cluster name; URL masking keeps its dashes, so its shape
  // (`<name>-<random>`) survives.
  const named = withMaskedFields(infrastructure, [['status', 'infrastructureName']], maskUrl);
  return withMaskedFields(named, MASKED_PLATFORM_FIELDS, maskString);
}
