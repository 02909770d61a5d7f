/** The Kubernetes API group of the Gateway API (gateway.networking.k8s.io). */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** Where this plugin's records live in the archive, one folder per resource as the core's own. */
export const RECORD_ROOT = `config/${GATEWAY_API_GROUP}`;
