import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';

const GROUP = 'dataplane.openstack.org';
const PLURAL = 'openstackdataplanedeployments';

/** The annotation kubectl leaves on applied objects: a second copy of the spec, masked fields included. */
export const LAST_APPLIED_CONFIGURATION = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * A copy of the object without the `kubectl.kubernetes.io/last-applied-configuration` annotation, as the
 * original drops it from the OpenStack resources: it would repeat, unmasked, every field the gatherer
 * masks. The annotations map itself stays, empty or not. The object passed in is not modified.
 * @param object - an API object as served
 */
export function withoutLastAppliedConfiguration<T extends KubeObject>(object: T): T {
  const annotations = object.metadata?.annotations;
  if (annotations === undefined || annotations === null || !(LAST_APPLIED_CONFIGURATION in annotations)) return object;
  const { [LAST_APPLIED_CONFIGURATION]: _dropped, ...rest } = annotations;
  return { ...object, metadata: { ...object.metadata, annotations: rest } };
}

/**
 * `clusterconfig/openstack_dataplanedeployments`: every OpenStackDataPlaneDeployment (Red Hat OpenStack
 * Services on OpenShift), without kubectl's last-applied annotation. A cluster without the OpenStack
 * operators does not serve the kind, and nothing is written.
 */
export const openstackDataplanedeployments = defineGatheringFunction({
  description: 'Every OpenStackDataPlaneDeployment (dataplane.openstack.org), without the kubectl last-applied-configuration annotation.',
  paths: [`namespaces/{namespace}/${GROUP}/${PLURAL}/{name}.json`],
  permissions: [{ group: GROUP, resource: PLURAL, verbs: ['list'] }],
  async *gather(ctx) {
    for await (const deployment of ctx.kube.list({ apiVersion: `${GROUP}/v1beta1`, kind: 'OpenStackDataPlaneDeployment' })) {
      const { namespace = '', name = '' } = deployment.metadata ?? {};
      yield record({ name: `namespaces/${namespace}/${GROUP}/${PLURAL}/${name}`, item: resource(withoutLastAppliedConfiguration(deployment)) });
    }
  },
});
