// The shared suite (cluster-singleton-suite.ts) asserts the behaviour every function of this shape must have.
import { image } from '../../../plugins/clusterconfig/image.ts';
import { describeClusterSingleton } from './cluster-singleton-suite.ts';
import { describeDeclaredPermissions } from './declared-permissions-check.ts';

describeClusterSingleton('image', image, 'Image', 'config/image.json');

describeDeclaredPermissions('image', image, ['config/image.json']);
