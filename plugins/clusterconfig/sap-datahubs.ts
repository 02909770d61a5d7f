import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';
import type { KubeClient, ResourceType } from 'insights-operator/plugin-api';

/** The group of SAP Data Intelligence's installer resources. */
export const DATAHUB_GROUP = 'installers.datahub.sap.com';

/**
 * The DataHub custom resource, one per SAP Data Intelligence (SDI) installation, in the namespace SDI
 * runs in. Its presence is what makes a cluster an SAP cluster for the SAP gathering functions.
 */
export const DATAHUB_TYPE: ResourceType = { apiVersion: `${DATAHUB_GROUP}/v1alpha1`, kind: 'DataHub' };

/** The permission to list DataHubs, which every SAP function needs to know whether it has work. */
export const DATAHUB_LIST_PERMISSION = { group: DATAHUB_GROUP, resource: 'datahubs', verbs: ['list'] } as const;

/**
 * Whether the cluster runs SAP Data Intelligence: it serves DataHubs and holds at least one. Reads one
 * object at most.
 * @param kube - the gather identity's client
 */
export async function hasDataHub(kube: KubeClient): Promise<boolean> {
  for await (const _datahub of kube.list(DATAHUB_TYPE, { limit: 1 })) return true;
  return false;
}

/**
 * `clusterconfig/sap_datahubs`: every DataHub (SAP Data Intelligence installation) as served. A cluster
 * without SAP Data Intelligence does not serve the kind, and nothing is written.
 */
export const sapDatahubs = defineGatheringFunction({
  description: 'Every DataHub (installers.datahub.sap.com): the SAP Data Intelligence installations.',
  paths: [`customresources/${DATAHUB_GROUP}/datahubs/{namespace}/{name}.json`],
  permissions: [DATAHUB_LIST_PERMISSION],
  async *gather(ctx) {
    for await (const datahub of ctx.kube.list(DATAHUB_TYPE)) {
      const { namespace = '', name = '' } = datahub.metadata ?? {};
      yield record({ name: `customresources/${DATAHUB_GROUP}/datahubs/${namespace}/${name}`, item: resource(datahub) });
    }
  },
});
