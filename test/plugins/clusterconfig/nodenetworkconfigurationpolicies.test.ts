import { nodenetworkconfigurationpolicies } from '../../../plugins/clusterconfig/nodenetworkconfigurationpolicies.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { describeListedKind } from './listed-kind-suite.ts';

describeListedKind({
  key: 'nodenetworkconfigurationpolicies',
  fn: nodenetworkconfigurationpolicies,
  apiVersion: 'nmstate.io/v1',
  kind: 'NodeNetworkConfigurationPolicy',
  listPath: '/apis/nmstate.io/v1/nodenetworkconfigurationpolicies',
  sampleDir: 'cluster-scoped-resources/nmstate.io/nodenetworkconfigurationpolicies',
  more: (env) => describeOptionalKind(env, nodenetworkconfigurationpolicies, 'nmstate.io', 'NodeNetworkConfigurationPolicy'),
});
