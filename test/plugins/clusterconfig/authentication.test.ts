// The shared suite (cluster-singleton-suite.ts) asserts the behaviour every function of this shape must have.
import { authentication } from '../../../plugins/clusterconfig/authentication.ts';
import { describeClusterSingleton } from './cluster-singleton-suite.ts';
import { describeDeclaredPermissions } from './declared-permissions-check.ts';

describeClusterSingleton('authentication', authentication, 'Authentication', 'config/authentication.json');

describeDeclaredPermissions('authentication', authentication, ['config/authentication.json']);
