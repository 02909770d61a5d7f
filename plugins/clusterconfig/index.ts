/**
 * The `clusterconfig` gatherer: cluster configuration that the original operator collects on every
 * gather (cluster version and ID, cluster operators, nodes, the config.openshift.io singletons, running
 * container images).
 * @packageDocumentation
 */
import { definePlugin } from 'insights-operator/plugin-api';
import { containerImages } from './container-images.ts';
import { featureGates } from './feature-gates.ts';
import { infrastructures } from './infrastructures.ts';
import { networks } from './networks.ts';
import { nodes } from './nodes.ts';
import { operators } from './operators.ts';
import { proxies } from './proxies.ts';
import { version } from './version.ts';

/** The clusterconfig plugin; function names are the original's `clusterconfig/<key>` keys. */
export default definePlugin({
  name: 'clusterconfig',
  functions: {
    version,
    operators,
    nodes,
    infrastructures,
    networks,
    proxies,
    feature_gates: featureGates,
    container_images: containerImages,
  },
});
