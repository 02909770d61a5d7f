/**
 * A small Gateway API installation for the tests: the three CRDs this plugin reads (trimmed to what a
 * server needs to serve them) and a handful of objects.
 */

const GROUP = 'gateway.networking.k8s.io';

function crd(kind: string, plural: string, scope: 'Cluster' | 'Namespaced'): object {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${GROUP}` },
    spec: {
      group: GROUP,
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      scope,
      versions: [
        { name: 'v1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
        { name: 'v1beta1', served: true, storage: false, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
      ],
    },
  };
}

/** The CRDs of GatewayClass, Gateway and HTTPRoute (standard channel, v1 stored). */
export const gatewayApiCrds: object[] = [
  crd('GatewayClass', 'gatewayclasses', 'Cluster'),
  crd('Gateway', 'gateways', 'Namespaced'),
  crd('HTTPRoute', 'httproutes', 'Namespaced'),
];

/** A TLS key the gateways refer to; its value must never reach the archive. */
export const TLS_KEY_CANARY = 'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tZ2F0ZXdheS1jYW5hcnk=';

/** Namespaces, a TLS Secret, two GatewayClasses, two Gateways and three HTTPRoutes in two namespaces. */
export const gatewayApiObjects: object[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'edge' } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  {
    apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls',
    metadata: { name: 'shop-tls', namespace: 'edge' },
    data: { 'tls.crt': 'Y2VydA==', 'tls.key': TLS_KEY_CANARY },
  },
  {
    apiVersion: `${GROUP}/v1`, kind: 'GatewayClass',
    metadata: { name: 'openshift-default', uid: 'a1b2c3d4-0000-4000-8000-000000000001', managedFields: [{ manager: 'kubectl' }] },
    spec: { controllerName: 'openshift.io/gateway-controller/v1' },
    status: { conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted', message: '', lastTransitionTime: '2025-01-01T00:00:00Z', observedGeneration: 1 }] },
  },
  {
    apiVersion: `${GROUP}/v1`, kind: 'GatewayClass',
    metadata: { name: 'istio' },
    spec: { controllerName: 'istio.io/gateway-controller', description: 'Istio' },
  },
  {
    apiVersion: `${GROUP}/v1`, kind: 'Gateway',
    metadata: {
      name: 'public', namespace: 'edge', uid: 'a1b2c3d4-0000-4000-8000-000000000002', generation: 3,
      labels: { team: 'platform' },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"leaked":"everything"}' },
    },
    spec: {
      gatewayClassName: 'openshift-default',
      listeners: [
        { name: 'http', hostname: '*.apps.example.com', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
        {
          name: 'https', hostname: 'shop.apps.example.com', port: 443, protocol: 'HTTPS',
          tls: {
            mode: 'Terminate',
            certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-tls', namespace: 'edge', extra: 'dropped' }],
            options: { 'vendor.example.com/private-key-passphrase': 'hunter2' },
          },
        },
      ],
    },
    status: { conditions: [{ type: 'Programmed', status: 'True', reason: 'Programmed', message: '', lastTransitionTime: '2025-01-01T00:00:00Z' }] },
  },
  {
    apiVersion: `${GROUP}/v1`, kind: 'Gateway',
    metadata: { name: 'internal', namespace: 'shop' },
    spec: { gatewayClassName: 'istio', listeners: [{ name: 'tcp', port: 8080, protocol: 'TCP' }] },
  },
  {
    apiVersion: `${GROUP}/v1`, kind: 'HTTPRoute',
    metadata: { name: 'storefront', namespace: 'shop' },
    spec: {
      parentRefs: [{ name: 'public', namespace: 'edge' }],
      hostnames: ['shop.apps.example.com', 'www.apps.example.com'],
      rules: [{ backendRefs: [{ name: 'web', port: 8080 }] }, { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'api', port: 8080 }] }],
    },
  },
  {
    apiVersion: `${GROUP}/v1`, kind: 'HTTPRoute',
    metadata: { name: 'checkout', namespace: 'shop' },
    spec: { parentRefs: [{ name: 'public', namespace: 'edge' }], hostnames: ['shop.apps.example.com'], rules: [{ backendRefs: [{ name: 'checkout', port: 8080 }] }] },
  },
  {
    apiVersion: `${GROUP}/v1`, kind: 'HTTPRoute',
    metadata: { name: 'status', namespace: 'edge' },
    spec: { parentRefs: [{ name: 'public' }], rules: [{ backendRefs: [{ name: 'status-page', port: 80 }] }] },
  },
];
