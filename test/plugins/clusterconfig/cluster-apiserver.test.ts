// The shared suite (cluster-singleton-suite.ts) asserts the behaviour every function of this shape must have.
import { clusterApiserver } from '../../../plugins/clusterconfig/cluster-apiserver.ts';
import { describeClusterSingleton } from './cluster-singleton-suite.ts';
import { describeDeclaredPermissions } from './declared-permissions-check.ts';

describeClusterSingleton('cluster_apiserver', clusterApiserver, 'APIServer', 'config/apiserver.json');

describeDeclaredPermissions('cluster_apiserver', clusterApiserver, ['config/apiserver.json']);
