import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openstackDataplanenodesets } from '../../../plugins/clusterconfig/openstack-dataplanenodesets.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { loadFixture, SAMPLE_FIXTURE } from '../../sim/kube/index.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { describeListedKind } from './listed-kind-suite.ts';
import { readSample, startSim } from './setup.ts';
import { withObjects } from './store-helpers.ts';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const SAMPLE_PATH = 'namespaces/openstack/dataplane.openstack.org/openstackdataplanenodesets/openstack-edpm-ipam.json';
const x = (s: string) => 'x'.repeat(s.length);

const HOST = '10.88.66.101';
const TEMPLATE_USER = 'zqcanary-admin';
const NODE_USER = 'zqcanary-root';
const HOSTNAME = 'edpm-compute-0.ctlplane.zqcanary.corp';

/** A node set with canaries in every field the original masks, and one in a list item. */
const canaryNodeSet = {
  apiVersion: 'dataplane.openstack.org/v1beta1', kind: 'OpenStackDataPlaneNodeSet',
  metadata: {
    name: 'canary-nodes', namespace: 'openstack',
    annotations: { [LAST_APPLIED]: `{"spec":{"nodes":{"edpm-compute-0":{"ansible":{"ansibleHost":"${HOST}"}}}}}`, 'example.com/keep': 'kept' },
  },
  spec: {
    nodeTemplate: {
      ansible: {
        ansibleUser: TEMPLATE_USER,
        ansibleVars: { edpm_sshd_allowed_ranges: ['10.88.0.0/16', '192.168.122.0/24'], image_tag: 'current-podified' },
      },
    },
    nodes: {
      'edpm-compute-0': { ansible: { ansibleHost: HOST, ansibleUser: NODE_USER }, hostName: 'edpm-compute-0' },
      'edpm-compute-1': { ansible: { ansibleHost: '', ansibleUser: 42 } },
    },
    extra: [{ ansible: { ansibleHost: '10.88.66.102' } }],
  },
  status: {
    allHostnames: { 'edpm-compute-0': { ctlplane: HOSTNAME, internalapi: 'edpm-compute-0.internalapi.zqcanary.corp' } },
    dnsClusterAddresses: ['10.88.66.53', '10.88.66.54'],
    observedGeneration: 1,
  },
};

describeListedKind({
  key: 'openstack_dataplanenodesets',
  fn: openstackDataplanenodesets,
  apiVersion: 'dataplane.openstack.org/v1beta1',
  kind: 'OpenStackDataPlaneNodeSet',
  listPath: '/apis/dataplane.openstack.org/v1beta1/openstackdataplanenodesets',
  sampleDir: 'namespaces/openstack/dataplane.openstack.org/openstackdataplanenodesets',
  more: (env) => {
    describeOptionalKind(env, openstackDataplanenodesets, 'dataplane.openstack.org', 'OpenStackDataPlaneNodeSet');

    it('masks Ansible hosts and users, SSH ranges, DNS addresses and host names wherever they are, and drops the last-applied copy', async () => {
      const out = await withObjects(env.sim, [canaryNodeSet], () => gatherFunction(openstackDataplanenodesets, { kube: env.kube }));
      const text = out.byPath.get('namespaces/openstack/dataplane.openstack.org/openstackdataplanenodesets/canary-nodes.json')!.text;
      for (const canary of ['zqcanary', '10.88.', '192.168.122.']) expect(text).not.toContain(canary);
      const set = JSON.parse(text);
      expect(set.metadata.annotations).toEqual({ 'example.com/keep': 'kept' });
      expect(set.spec.nodeTemplate.ansible).toEqual({ ansibleUser: x(TEMPLATE_USER), ansibleVars: { edpm_sshd_allowed_ranges: 'xxx', image_tag: 'current-podified' } });
      // A string keeps its length; an empty string or another type becomes "xxx", as the original writes them.
      expect(set.spec.nodes).toEqual({
        'edpm-compute-0': { ansible: { ansibleHost: x(HOST), ansibleUser: x(NODE_USER) }, hostName: 'edpm-compute-0' },
        'edpm-compute-1': { ansible: { ansibleHost: 'xxx', ansibleUser: 'xxx' } },
      });
      expect(set.spec.extra).toEqual([{ ansible: { ansibleHost: 'xxxxxxxxxxxx' } }]);
      expect(set.status).toEqual({
        allHostnames: { 'edpm-compute-0': { ctlplane: x(HOSTNAME), internalapi: x('edpm-compute-0.internalapi.zqcanary.corp') } },
        dnsClusterAddresses: 'xxx',
        observedGeneration: 1,
      });
    });
  },
});

describe('clusterconfig/openstack_dataplanenodesets on the sample with realistic values in its anonymized fields', () => {
  let started: Awaited<ReturnType<typeof startSim>>;
  beforeAll(async () => {
    started = await startSim({ fixture: 'sample', deanonymize: true });
  });
  afterAll(() => started.sim.close());

  it('masks every realistic value of a masked field, giving the sample back there', async () => {
    const subs = (await loadFixture(SAMPLE_FIXTURE, undefined, { deanonymize: true })).adjusted
      .filter((a) => a.path === SAMPLE_PATH && a.to !== undefined);
    // The fields the original masks; the sample shows the zero addresses of allIPs and the netmask as they are.
    const masked = subs.filter((s) => /ansibleHost|ansibleUser|allHostnames/.test(s.field!));
    expect(masked.map((s) => s.field).sort()).toEqual([
      'spec.nodeTemplate.ansible.ansibleUser', 'spec.nodes.edpm-compute-0.ansible.ansibleHost',
      'status.allHostnames.edpm-compute-0.ctlplane', 'status.allHostnames.edpm-compute-0.internalapi',
      'status.allHostnames.edpm-compute-0.storage', 'status.allHostnames.edpm-compute-0.tenant',
    ]);
    const text = (await gatherFunction(openstackDataplanenodesets, { kube: started.kube })).byPath.get(SAMPLE_PATH)!.text;
    for (const s of masked) expect(text, s.field).not.toContain(`"${s.to}"`);
    const sample = await readSample<any>(SAMPLE_PATH);
    const set = JSON.parse(text);
    expect(set.spec.nodes).toEqual(sample.spec.nodes);
    expect(set.spec.nodeTemplate.ansible).toEqual(sample.spec.nodeTemplate.ansible);
    expect(set.status.allHostnames).toEqual(sample.status.allHostnames);
  });
});
