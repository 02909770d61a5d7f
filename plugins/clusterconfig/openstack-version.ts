import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';

const GROUP = 'core.openstack.org';
const PLURAL = 'openstackversions';

/**
 * `clusterconfig/openstack_version`: every OpenStackVersion (the deployed and available versions of
 * Red Hat OpenStack Services on OpenShift and their container images), as served. A cluster without
 * the OpenStack operators does not serve the kind, and nothing is written.
 */
export const openstackVersion = defineGatheringFunction({
  description: 'Every OpenStackVersion (core.openstack.org): the deployed and available OpenStack versions and images.',
  paths: [`namespaces/{namespace}/${GROUP}/${PLURAL}/{name}.json`],
  permissions: [{ group: GROUP, resource: PLURAL, verbs: ['list'] }],
  async *gather(ctx) {
    for await (const version of ctx.kube.list({ apiVersion: `${GROUP}/v1beta1`, kind: 'OpenStackVersion' })) {
      const { namespace = '', name = '' } = version.metadata ?? {};
      yield record({ name: `namespaces/${namespace}/${GROUP}/${PLURAL}/${name}`, item: resource(version) });
    }
  },
});
