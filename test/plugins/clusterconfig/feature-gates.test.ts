// The shared suite (cluster-singleton-suite.ts) asserts the behaviour every function of this shape must have.
import { featureGates } from '../../../plugins/clusterconfig/feature-gates.ts';
import { describeClusterSingleton } from './cluster-singleton-suite.ts';

describeClusterSingleton('feature_gates', featureGates, 'FeatureGate', 'config/featuregate.json');
