import { authentication } from '../../../plugins/clusterconfig/authentication.ts';
import { describeClusterSingleton } from './cluster-singleton-suite.ts';
import { describeDeclaredPermissions } from './declared-permissions-check.ts';

describeClusterSingleton('authentication', authentication, 'Authentication', 'config/authentication.json');

describeDeclaredPermissions('authentication', authentication, ['config/authentication.json']);
