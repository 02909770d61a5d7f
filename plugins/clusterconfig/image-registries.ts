import { defineGatheringFunction, KubeApiError, maskString, record, resource, withMaskedFields } from 'insights-operator/plugin-api';
import type { GatherContext, GatherRecord, KubeObject } from 'insights-operator/plugin-api';

/** Where the image registry runs: its PersistentVolumeClaim, when it uses one, can only be there. */
const REGISTRY_NAMESPACE = 'openshift-image-registry';

/** The annotation kubectl leaves on applied objects: a full copy of the applied spec, storage secrets included. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Per storage back end, the fields that name the customer's buckets, accounts, projects, endpoints and
 * locations. The original masks them in both `spec.storage` and `status.storage`.
 */
const MASKED_STORAGE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  s3: ['bucket', 'keyID', 'regionEndpoint', 'region'],
  azure: ['accountName', 'container', 'cloudName'],
  gcs: ['bucket', 'keyID', 'projectID', 'region'],
  swift: ['authURL', 'container', 'domain', 'domainID', 'tenant', 'tenantID', 'regionName'],
  ibmcos: ['bucket', 'resourceKeyCRN', 'serviceInstanceCRN', 'resourceGroupName', 'location'],
};

const MASKED_FIELDS: ReadonlyArray<readonly string[]> = [
  ['spec', 'httpSecret'],
  ['metadata', 'annotations', LAST_APPLIED],
  ...['spec', 'status'].flatMap((section) =>
    Object.entries(MASKED_STORAGE_FIELDS).flatMap(([backend, fields]) => fields.map((field) => [section, 'storage', backend, field]))),
];

interface RegistryConfig extends KubeObject {
  spec?: { storage?: { pvc?: { claim?: string } | null; [key: string]: unknown }; [key: string]: unknown };
}

/**
 * `clusterconfig/image_registries`: the image registry operator's Config `cluster`, with its HTTP secret
 * and storage identifiers masked, and the PersistentVolume behind the registry's claim when its storage
 * is a PVC.
 */
export const imageRegistries = defineGatheringFunction({
  description: 'The image registry Config "cluster" (HTTP secret and storage identifiers masked) and the PersistentVolume its PVC storage is bound to.',
  paths: ['config/persistentvolumes/{name}.json', 'config/clusteroperator/imageregistry.operator.openshift.io/config/cluster.json'],
  permissions: [
    { group: 'imageregistry.operator.openshift.io', resource: 'configs', verbs: ['get'], resourceNames: ['cluster'] },
    { resource: 'persistentvolumeclaims', verbs: ['get'], namespace: REGISTRY_NAMESPACE },
    { resource: 'persistentvolumes', verbs: ['get'] },
  ],
  async *gather(ctx) {
    const config = await ctx.kube.get<RegistryConfig>({ apiVersion: 'imageregistry.operator.openshift.io/v1', kind: 'Config' }, 'cluster');
    // No config: the image registry operator is not installed.
    if (config === undefined) return;
    const claim = config.spec?.storage?.pvc?.claim;
    if (typeof claim === 'string' && claim !== '') yield* volumeRecord(ctx, claim);
    yield record({ name: `config/clusteroperator/imageregistry.operator.openshift.io/config/${config.metadata?.name ?? 'cluster'}`, item: resource(withMaskedFields(config, MASKED_FIELDS, maskString)) });
  },
});

/**
 * The record of the PersistentVolume bound to the registry's claim, if there is one. The volume is a
 * detail of the registry record: when the claim is missing or unbound the original only logs it, and an
 * API failure is reported without losing the registry record.
 */
async function* volumeRecord(ctx: GatherContext<unknown>, claimName: string): AsyncGenerator<GatherRecord> {
  try {
    // The original searches every namespace for a claim of that name and takes the first; a pod can only
    // mount a claim of its own namespace, so the registry's claim is the one in its namespace.
    const claim = await ctx.kube.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim' }, claimName, REGISTRY_NAMESPACE);
    const volumeName = (claim?.spec as { volumeName?: unknown } | undefined)?.volumeName;
    if (typeof volumeName !== 'string' || volumeName === '') {
      ctx.log.info(`no persistent volume for the image registry claim ${REGISTRY_NAMESPACE}/${claimName}`);
      return;
    }
    const volume = await ctx.kube.get({ apiVersion: 'v1', kind: 'PersistentVolume' }, volumeName);
    if (volume === undefined) {
      ctx.log.info(`persistent volume ${volumeName} of the image registry claim does not exist`);
      return;
    }
    yield record({ name: `config/persistentvolumes/${volume.metadata?.name ?? volumeName}`, item: resource(volume) });
  } catch (error) {
    if (!(error instanceof KubeApiError)) throw error;
    ctx.reportError(error);
  }
}
