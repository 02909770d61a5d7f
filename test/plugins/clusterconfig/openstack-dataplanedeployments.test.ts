import { expect, it } from 'vitest';
import { openstackDataplanedeployments } from '../../../plugins/clusterconfig/openstack-dataplanedeployments.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { describeListedKind } from './listed-kind-suite.ts';
import { withObjects } from './store-helpers.ts';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

describeListedKind({
  key: 'openstack_dataplanedeployments',
  fn: openstackDataplanedeployments,
  apiVersion: 'dataplane.openstack.org/v1beta1',
  kind: 'OpenStackDataPlaneDeployment',
  listPath: '/apis/dataplane.openstack.org/v1beta1/openstackdataplanedeployments',
  sampleDir: 'namespaces/openstack/dataplane.openstack.org/openstackdataplanedeployments',
  more: (env) => {
    describeOptionalKind(env, openstackDataplanedeployments, 'dataplane.openstack.org', 'OpenStackDataPlaneDeployment');

    it("drops kubectl's last-applied-configuration annotation and keeps the others", async () => {
      const deployment = {
        apiVersion: 'dataplane.openstack.org/v1beta1', kind: 'OpenStackDataPlaneDeployment',
        metadata: {
          name: 'canary-deployment', namespace: 'openstack-canary',
          annotations: { [LAST_APPLIED]: '{"spec":{"nodeSets":["zqcanary-applied"]}}', 'example.com/keep': 'kept' },
        },
        spec: { nodeSets: ['openstack-edpm-ipam'] },
      };
      const out = await withObjects(env.sim, [deployment], () => gatherFunction(openstackDataplanedeployments, { kube: env.kube }));
      const text = out.byPath.get('namespaces/openstack-canary/dataplane.openstack.org/openstackdataplanedeployments/canary-deployment.json')!.text;
      expect(text).not.toContain('zqcanary');
      expect(JSON.parse(text).metadata.annotations).toEqual({ 'example.com/keep': 'kept' });
      expect(JSON.parse(text).spec).toEqual({ nodeSets: ['openstack-edpm-ipam'] });
    });
  },
});
