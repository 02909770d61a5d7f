import { image } from '../../../plugins/clusterconfig/image.ts';
import { describeClusterSingleton } from './cluster-singleton-suite.ts';
import { describeDeclaredPermissions } from './declared-permissions-check.ts';

describeClusterSingleton('image', image, 'Image', 'config/image.json');

describeDeclaredPermissions('image', image, ['config/image.json']);
