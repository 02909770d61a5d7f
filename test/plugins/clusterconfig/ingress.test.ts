// The shared suite (cluster-singleton-suite.ts) asserts the behaviour every function of this shape must have.
import { ingress } from '../../../plugins/clusterconfig/ingress.ts';
import { describeClusterSingleton } from './cluster-singleton-suite.ts';
import { describeDeclaredPermissions } from './declared-permissions-check.ts';

describeClusterSingleton('ingress', ingress, 'Ingress', 'config/ingress.json');

describeDeclaredPermissions('ingress', ingress, ['config/ingress.json']);
