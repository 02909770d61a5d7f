import { defineGatheringFunction, maskString, record, resource } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { withoutLastAppliedConfiguration } from './openstack-dataplanedeployments.ts';

const GROUP = 'core.openstack.org';
const PLURAL = 'openstackcontrolplanes';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `clusterconfig/openstack_controlplanes`: every OpenStackControlPlane (Red Hat OpenStack Services on
 * OpenShift), with the DNS service's options (upstream resolvers of the customer's network) masked and
 * without kubectl's last-applied annotation. A cluster without the OpenStack operators does not serve
 * the kind, and nothing is written.
 */
export const openstackControlplanes = defineGatheringFunction({
  description: 'Every OpenStackControlPlane (core.openstack.org), with spec.dns.template.options masked and without the kubectl last-applied-configuration annotation.',
  paths: [`namespaces/{namespace}/${GROUP}/${PLURAL}/{name}.json`],
  permissions: [{ group: GROUP, resource: PLURAL, verbs: ['list'] }],
  async *gather(ctx) {
    for await (const plane of ctx.kube.list({ apiVersion: `${GROUP}/v1beta1`, kind: 'OpenStackControlPlane' })) {
      const { namespace = '', name = '' } = plane.metadata ?? {};
      yield record({ name: `namespaces/${namespace}/${GROUP}/${PLURAL}/${name}`, item: resource(anonymizeControlPlane(plane)) });
    }
  },
});

/**
 * The control plane with `spec.dns.template.options` masked: a string becomes x's of its length; a list
 * of forwarders (its usual form) or any other value becomes `"xxx"`, as the original writes it.
 */
function anonymizeControlPlane(plane: KubeObject): KubeObject {
  const copy = structuredClone(withoutLastAppliedConfiguration(plane)) as Json;
  const spec = copy['spec'];
  const dns = isObject(spec) ? spec['dns'] : undefined;
  const template = isObject(dns) ? dns['template'] : undefined;
  if (isObject(template) && 'options' in template) {
    const options = template['options'];
    template['options'] = typeof options === 'string' && options !== '' ? maskString(options) : 'xxx';
  }
  return copy as KubeObject;
}
