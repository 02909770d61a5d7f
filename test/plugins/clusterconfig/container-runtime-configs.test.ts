// The shared suite (listed-kind-suite.ts) asserts the behaviour every function of this shape must have.
import { containerRuntimeConfigs } from '../../../plugins/clusterconfig/container-runtime-configs.ts';
import { describeListedKind } from './listed-kind-suite.ts';

describeListedKind({
  key: 'container_runtime_configs',
  fn: containerRuntimeConfigs,
  apiVersion: 'machineconfiguration.openshift.io/v1',
  kind: 'ContainerRuntimeConfig',
  listPath: '/apis/machineconfiguration.openshift.io/v1/containerruntimeconfigs',
  sampleDir: 'config/containerruntimeconfigs',
  // The sample file kept managedFields (written before the original dropped them from Resource records).
  expected: ({ metadata, ...rest }) => {
    const { managedFields: _dropped, ...kept } = metadata as Record<string, unknown>;
    return { ...rest, metadata: kept };
  },
});
