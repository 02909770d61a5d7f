import { defineGatheringFunction, maskString, record, resource } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { withoutLastAppliedConfiguration } from './openstack-dataplanedeployments.ts';

const GROUP = 'dataplane.openstack.org';
const PLURAL = 'openstackdataplanenodesets';

/**
 * Fields masked wherever they appear in a node set: the address Ansible reaches a node at, the account
 * it logs in with, the networks allowed to SSH to the nodes, and the cluster's DNS server addresses.
 */
export const NODE_SET_MASKED_KEYS: ReadonlySet<string> = new Set(['ansibleHost', 'ansibleUser', 'edpm_sshd_allowed_ranges', 'dnsClusterAddresses']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `clusterconfig/openstack_dataplanenodesets`: every OpenStackDataPlaneNodeSet (the compute nodes of Red
 * Hat OpenStack Services on OpenShift), with the Ansible hosts and users, SSH-allowed ranges, DNS server
 * addresses and the nodes' host names masked, and without kubectl's last-applied annotation. A cluster
 * without the OpenStack operators does not serve the kind, and nothing is written.
 */
export const openstackDataplanenodesets = defineGatheringFunction({
  description:
    'Every OpenStackDataPlaneNodeSet (dataplane.openstack.org), with ansibleHost, ansibleUser, edpm_sshd_allowed_ranges, ' +
    'dnsClusterAddresses and status.allHostnames masked and without the kubectl last-applied-configuration annotation.',
  paths: [`namespaces/{namespace}/${GROUP}/${PLURAL}/{name}.json`],
  permissions: [{ group: GROUP, resource: PLURAL, verbs: ['list'] }],
  async *gather(ctx) {
    for await (const nodeSet of ctx.kube.list({ apiVersion: `${GROUP}/v1beta1`, kind: 'OpenStackDataPlaneNodeSet' })) {
      const { namespace = '', name = '' } = nodeSet.metadata ?? {};
      yield record({ name: `namespaces/${namespace}/${GROUP}/${PLURAL}/${name}`, item: resource(anonymizeNodeSet(nodeSet)) });
    }
  },
});

/** The node set with the masked keys (at any depth) and every host name of `status.allHostnames` masked. */
function anonymizeNodeSet(nodeSet: KubeObject): KubeObject {
  const copy = maskKeys(structuredClone(withoutLastAppliedConfiguration(nodeSet))) as Json;
  // allHostnames is {node: {network: host name}}; the host names carry the customer's domain.
  const status = copy['status'];
  const hosts = isObject(status) ? status['allHostnames'] : undefined;
  if (isObject(hosts)) {
    for (const networks of Object.values(hosts)) {
      if (!isObject(networks)) continue;
      for (const [network, host] of Object.entries(networks)) if (typeof host === 'string') networks[network] = maskString(host);
    }
  }
  return copy as KubeObject;
}

/**
 * Masks the value of every {@link NODE_SET_MASKED_KEYS} key, in place: a string becomes x's of its
 * length; a list (the usual form of the ranges and DNS addresses), an empty string or any other value
 * becomes `"xxx"`, as the original writes it. The original looks only through nested maps; lists are
 * searched here too, so a masked key inside a list item is not missed.
 */
function maskKeys(node: unknown): unknown {
  if (Array.isArray(node)) {
    node.forEach(maskKeys);
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (NODE_SET_MASKED_KEYS.has(key)) node[key] = typeof value === 'string' && value !== '' ? maskString(value) : 'xxx';
      else maskKeys(value);
    }
  }
  return node;
}
