// The shared suites assert the behaviour every function listing one optional kind must have.
import { openstackVersion } from '../../../plugins/clusterconfig/openstack-version.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { describeListedKind } from './listed-kind-suite.ts';

describeListedKind({
  key: 'openstack_version',
  fn: openstackVersion,
  apiVersion: 'core.openstack.org/v1beta1',
  kind: 'OpenStackVersion',
  listPath: '/apis/core.openstack.org/v1beta1/openstackversions',
  sampleDir: 'namespaces/openstack/core.openstack.org/openstackversions',
  more: (env) => describeOptionalKind(env, openstackVersion, 'core.openstack.org', 'OpenStackVersion'),
});
