// The shared suite (listed-kind-suite.ts) asserts the behaviour every function of this shape must have.
import { machineConfigPools } from '../../../plugins/clusterconfig/machine-config-pools.ts';
import { describeListedKind, namedByPath } from './listed-kind-suite.ts';

describeListedKind({
  key: 'machine_config_pools',
  fn: machineConfigPools,
  apiVersion: 'machineconfiguration.openshift.io/v1',
  kind: 'MachineConfigPool',
  listPath: '/apis/machineconfiguration.openshift.io/v1/machineconfigpools',
  sampleDir: 'config/machineconfigpools',
  // The sample's master.json holds the worker pool; the simulator serves it as "master".
  expected: namedByPath,
});
