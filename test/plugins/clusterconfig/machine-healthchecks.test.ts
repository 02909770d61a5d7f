// The shared suite (listed-kind-suite.ts) asserts the behaviour every function of this shape must have.
import { machineHealthchecks } from '../../../plugins/clusterconfig/machine-healthchecks.ts';
import { describeListedKind } from './listed-kind-suite.ts';

describeListedKind({
  key: 'machine_healthchecks',
  fn: machineHealthchecks,
  apiVersion: 'machine.openshift.io/v1beta1',
  kind: 'MachineHealthCheck',
  listPath: '/apis/machine.openshift.io/v1beta1/machinehealthchecks',
  sampleDir: 'config/machinehealthchecks',
});
