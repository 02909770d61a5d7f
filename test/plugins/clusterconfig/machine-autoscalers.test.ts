// The shared suite (listed-kind-suite.ts) asserts the behaviour every function of this shape must have.
import { machineAutoscalers } from '../../../plugins/clusterconfig/machine-autoscalers.ts';
import { describeListedKind } from './listed-kind-suite.ts';

describeListedKind({
  key: 'machine_autoscalers',
  fn: machineAutoscalers,
  apiVersion: 'autoscaling.openshift.io/v1beta1',
  kind: 'MachineAutoscaler',
  listPath: '/apis/autoscaling.openshift.io/v1beta1/machineautoscalers',
  sampleDir: 'config/machineautoscalers',
  // The sample file kept managedFields (written before the original dropped them from Resource records).
  expected: ({ metadata, ...rest }) => {
    const { managedFields: _dropped, ...kept } = metadata as Record<string, unknown>;
    return { ...rest, metadata: kept };
  },
});
