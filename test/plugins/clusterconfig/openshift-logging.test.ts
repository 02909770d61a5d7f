import { openshiftLogging } from '../../../plugins/clusterconfig/openshift-logging.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { describeListedKind } from './listed-kind-suite.ts';

describeListedKind({
  key: 'openshift_logging',
  fn: openshiftLogging,
  apiVersion: 'logging.openshift.io/v1',
  kind: 'ClusterLogging',
  listPath: '/apis/logging.openshift.io/v1/clusterloggings',
  sampleDir: 'config/logging',
  more: (env) => describeOptionalKind(env, openshiftLogging, 'logging.openshift.io', 'ClusterLogging'),
});
