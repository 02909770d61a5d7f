import { proxies } from '../../../plugins/clusterconfig/proxies.ts';
import { describeClusterSingleton } from './cluster-singleton-suite.ts';

describeClusterSingleton('proxies', proxies, 'Proxy', 'config/proxy.json');
