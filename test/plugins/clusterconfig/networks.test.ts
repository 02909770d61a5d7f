// The shared suite (cluster-singleton-suite.ts) asserts the behaviour every function of this shape must have.
import { networks } from '../../../plugins/clusterconfig/networks.ts';
import { describeClusterSingleton } from './cluster-singleton-suite.ts';

describeClusterSingleton('networks', networks, 'Network', 'config/network.json');
