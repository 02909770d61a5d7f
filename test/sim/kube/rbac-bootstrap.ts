/**
 * The bootstrap ClusterRoles and ClusterRoleBindings kube-apiserver creates at start-up
 * (plugin/pkg/auth/authorizer/rbac/bootstrappolicy) that every authenticated user relies on:
 * discovery, /version and /healthz, and asking "can I?". Seeded when RBAC is on.
 */
import type { KubeObject, ObjectStore } from './store.ts';
import type { PolicyRule } from './rbac.ts';

const RBAC = 'rbac.authorization.k8s.io/v1';
const META = {
  labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
  annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
};

const ROLES: Record<string, { rules: PolicyRule[]; groups: string[] }> = {
  'cluster-admin': {
    rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }],
    groups: ['system:masters'],
  },
  'system:discovery': {
    rules: [{ nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'], verbs: ['get'] }],
    groups: ['system:authenticated'],
  },
  'system:public-info-viewer': {
    rules: [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }],
    groups: ['system:authenticated', 'system:unauthenticated'],
  },
  'system:basic-user': {
    rules: [
      { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
    ],
    groups: ['system:authenticated'],
  },
};

export function bootstrapRbacObjects(): KubeObject[] {
  return Object.entries(ROLES).flatMap(([name, { rules, groups }]): KubeObject[] => [
    { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name, ...META }, rules },
    {
      apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name, ...META },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: groups.map((g) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: g })),
    },
  ]);
}

/** Adds the bootstrap objects the store lacks; ones already there (from a fixture or manifests) are kept. */
export function seedBootstrapRbac(store: ObjectStore): void {
  for (const obj of bootstrapRbacObjects()) {
    if (store.get(obj.apiVersion, obj.kind, obj.metadata.name) === undefined) store.add(obj);
  }
}
