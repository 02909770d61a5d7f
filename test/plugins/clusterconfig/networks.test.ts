import { networks } from '../../../plugins/clusterconfig/networks.ts';
import { describeClusterSingleton } from './cluster-singleton-suite.ts';

describeClusterSingleton('networks', networks, 'Network', 'config/network.json');
