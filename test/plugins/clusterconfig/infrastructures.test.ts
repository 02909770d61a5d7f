import { infrastructures } from '../../../plugins/clusterconfig/infrastructures.ts';
import { describeClusterSingleton } from './cluster-singleton-suite.ts';

describeClusterSingleton('infrastructures', infrastructures, 'Infrastructure', 'config/infrastructure.json');
