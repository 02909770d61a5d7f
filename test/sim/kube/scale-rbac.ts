/**
 * The aggregated ClusterRoles `admin`, `edit` and `view` of a generated cluster, as kube-apiserver's
 * bootstrap policy and OpenShift's operators make them: each role's `aggregationRule` selects the
 * roles labelled `rbac.authorization.k8s.io/aggregate-to-<role>`, and its `rules` are what the
 * aggregation controller writes — the rules of the selected roles, in name order, duplicates dropped.
 * `view` aggregates to `edit`, and `edit` to `admin`, so an admin can do whatever an editor can.
 */
import type { Rng } from './prng.ts';
import { timestamp } from './prng.ts';
import type { PolicyRule } from './rbac.ts';
import type { KubeObject } from './store.ts';

const RBAC = 'rbac.authorization.k8s.io/v1';
const AGGREGATE = 'rbac.authorization.k8s.io/aggregate-to-';
const RW = 'create,delete,deletecollection,get,list,patch,update,watch';
const WRITE = 'create,delete,deletecollection,patch,update';
const READ = 'get,list,watch';

/** `[verbs, apiGroups, resources]`, comma-separated; `''` in apiGroups is the core group. */
type RuleRow = readonly [verbs: string, groups: string, resources: string];

const rule = ([verbs, groups, resources]: RuleRow): PolicyRule =>
  ({ verbs: verbs.split(','), apiGroups: groups.split(','), resources: resources.split(',') });

/** Roles whose rules are aggregated, with the roles they aggregate to (OpenShift 4.17). */
const COMPONENTS: ReadonlyArray<{ name: string; to: readonly string[]; rules: readonly RuleRow[] }> = [
  { name: 'aggregate-olm-edit', to: ['admin', 'edit'], rules: [
    ['create,update,patch,delete', 'operators.coreos.com', 'subscriptions'],
    ['delete', 'operators.coreos.com', 'clusterserviceversions,catalogsources,installplans,subscriptions'],
  ] },
  { name: 'aggregate-olm-view', to: ['admin', 'edit', 'view'], rules: [
    [READ, 'operators.coreos.com', 'clusterserviceversions,catalogsources,installplans,subscriptions,operatorgroups'],
    [READ, 'packages.operators.coreos.com', 'packagemanifests,packagemanifests/icon'],
  ] },
  { name: 'system:aggregate-to-admin', to: ['admin'], rules: [
    ['create', 'authorization.k8s.io', 'localsubjectaccessreviews'],
    [RW, 'rbac.authorization.k8s.io', 'rolebindings,roles'],
  ] },
  { name: 'system:aggregate-to-edit', to: ['edit'], rules: [
    [READ, '', 'pods/attach,pods/exec,pods/portforward,pods/proxy,secrets,services/proxy'],
    ['impersonate', '', 'serviceaccounts'],
    [WRITE, '', 'pods,pods/attach,pods/exec,pods/portforward,pods/proxy'],
    ['create', '', 'pods/eviction'],
    [WRITE, '', 'configmaps,endpoints,events,persistentvolumeclaims,replicationcontrollers,replicationcontrollers/scale,secrets,serviceaccounts,services,services/proxy'],
    ['create', '', 'serviceaccounts/token'],
    [WRITE, 'apps', 'daemonsets,deployments,deployments/rollback,deployments/scale,replicasets,replicasets/scale,statefulsets,statefulsets/scale'],
    [WRITE, 'autoscaling', 'horizontalpodautoscalers'],
    [WRITE, 'batch', 'cronjobs,jobs'],
    [WRITE, 'extensions', 'daemonsets,deployments,deployments/rollback,deployments/scale,ingresses,networkpolicies,replicasets,replicasets/scale,replicationcontrollers/scale'],
    [WRITE, 'policy', 'poddisruptionbudgets'],
    [WRITE, 'networking.k8s.io', 'ingresses,networkpolicies'],
    [RW, 'coordination.k8s.io', 'leases'],
  ] },
  { name: 'system:aggregate-to-view', to: ['view'], rules: [
    [READ, '', 'configmaps,endpoints,persistentvolumeclaims,persistentvolumeclaims/status,pods,replicationcontrollers,replicationcontrollers/scale,serviceaccounts,services,services/status'],
    [READ, '', 'bindings,events,limitranges,namespaces/status,pods/log,pods/status,replicationcontrollers/status,resourcequotas,resourcequotas/status'],
    [READ, '', 'namespaces'],
    [READ, 'discovery.k8s.io', 'endpointslices'],
    [READ, 'apps', 'controllerrevisions,daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,replicasets,replicasets/scale,replicasets/status,statefulsets,statefulsets/scale,statefulsets/status'],
    [READ, 'autoscaling', 'horizontalpodautoscalers,horizontalpodautoscalers/status'],
    [READ, 'batch', 'cronjobs,cronjobs/status,jobs,jobs/status'],
    [READ, 'extensions', 'daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,ingresses,ingresses/status,networkpolicies,replicasets,replicasets/scale,replicasets/status,replicationcontrollers/scale'],
    [READ, 'policy', 'poddisruptionbudgets,poddisruptionbudgets/status'],
    [READ, 'networking.k8s.io', 'ingresses,ingresses/status,networkpolicies'],
  ] },
  { name: 'system:openshift:aggregate-snapshots-to-admin', to: ['admin', 'edit'], rules: [
    ['get,list,watch,create,update,patch,delete,deletecollection', 'snapshot.storage.k8s.io', 'volumesnapshots'],
  ] },
  { name: 'system:openshift:aggregate-snapshots-to-view', to: ['view'], rules: [
    [READ, 'snapshot.storage.k8s.io', 'volumesnapshots'],
  ] },
  { name: 'system:openshift:aggregate-to-admin', to: ['admin'], rules: [
    [RW, ',authorization.openshift.io', 'rolebindings,roles'],
    ['create', ',authorization.openshift.io', 'localresourceaccessreviews,localsubjectaccessreviews,subjectrulesreviews'],
    ['delete,get,patch,update', ',project.openshift.io', 'projects'],
    ['create', ',security.openshift.io', 'podsecuritypolicyreviews,podsecuritypolicyselfsubjectreviews,podsecuritypolicysubjectreviews'],
    [READ, ',authorization.openshift.io', 'rolebindingrestrictions'],
    ['admin,edit,view', 'build.openshift.io', 'jenkins'],
    ['update', ',route.openshift.io', 'routes/status'],
  ] },
  { name: 'system:openshift:aggregate-to-edit', to: ['edit'], rules: [
    [RW, ',image.openshift.io', 'imagestreamimages,imagestreammappings,imagestreams,imagestreams/secrets,imagestreamtags,imagetags'],
    ['create', ',image.openshift.io', 'imagestreamimports'],
    ['get,update', ',image.openshift.io', 'imagestreams/layers'],
    [RW, ',build.openshift.io', 'buildconfigs,buildconfigs/webhooks,builds'],
    [READ, ',build.openshift.io', 'builds/log'],
    ['create', ',build.openshift.io', 'buildconfigs/instantiate,buildconfigs/instantiatebinary,builds/clone'],
    ['edit,view', 'build.openshift.io', 'jenkins'],
    [RW, ',apps.openshift.io', 'deploymentconfigs,deploymentconfigs/scale'],
    ['create', ',apps.openshift.io', 'deploymentconfigrollbacks,deploymentconfigs/instantiate,deploymentconfigs/rollback'],
    [READ, ',apps.openshift.io', 'deploymentconfigs/log,deploymentconfigs/status'],
    [READ, ',quota.openshift.io', 'appliedclusterresourcequotas'],
    [RW, ',route.openshift.io', 'routes'],
    ['create', ',route.openshift.io', 'routes/custom-host'],
    [RW, ',template.openshift.io', 'processedtemplates,templateconfigs,templateinstances,templates'],
  ] },
  { name: 'system:openshift:aggregate-to-view', to: ['view'], rules: [
    [READ, ',image.openshift.io', 'imagestreamimages,imagestreammappings,imagestreams,imagestreamtags,imagetags'],
    ['get', ',image.openshift.io', 'imagestreams/layers'],
    [READ, ',image.openshift.io', 'imagestreams/status'],
    [READ, ',build.openshift.io', 'buildconfigs,buildconfigs/webhooks,builds'],
    ['view', 'build.openshift.io', 'jenkins'],
    [READ, ',apps.openshift.io', 'deploymentconfigs,deploymentconfigs/scale'],
    [READ, ',route.openshift.io', 'routes,routes/status'],
    [READ, ',template.openshift.io', 'processedtemplates,templateconfigs,templateinstances,templates'],
    [READ, '', 'resourcequotausages'],
  ] },
];

/** The aggregated roles, each with the role it aggregates to (view → edit → admin). */
const AGGREGATED: ReadonlyArray<readonly [name: string, to: string | undefined]> = [['view', 'edit'], ['edit', 'admin'], ['admin', undefined]];

/** ClusterRoles `aggregatedClusterRoles` makes. */
export const AGGREGATED_ROLE_COUNT = COMPONENTS.length + AGGREGATED.length;

const BOOTSTRAP = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };

/** The component roles, then `view`, `edit` and `admin` with their rules aggregated. */
export function aggregatedClusterRoles(rng: Rng, rv: () => string): KubeObject[] {
  const meta = (name: string, labels: Record<string, string>, annotations: Record<string, string>): KubeObject['metadata'] =>
    ({ name, uid: rng.uuid(), resourceVersion: rv(), creationTimestamp: timestamp(120 + rng.int(60)), labels, annotations });
  const roles = new Map<string, { labels: Record<string, string>; rules: PolicyRule[] }>();
  const out: KubeObject[] = [];
  for (const c of COMPONENTS) {
    const labels = Object.fromEntries(c.to.map((to) => [`${AGGREGATE}${to}`, 'true']));
    const rules = c.rules.map(rule);
    roles.set(c.name, { labels, rules });
    const bootstrap = c.name.startsWith('system:aggregate-');
    out.push({
      apiVersion: RBAC, kind: 'ClusterRole',
      metadata: meta(c.name, { ...(bootstrap ? BOOTSTRAP : {}), ...labels }, bootstrap ? AUTOUPDATE : { 'include.release.openshift.io/self-managed-high-availability': 'true' }),
      rules,
    });
  }
  for (const [name, to] of AGGREGATED) {
    const labels = { ...BOOTSTRAP, ...(to === undefined ? {} : { [`${AGGREGATE}${to}`]: 'true' }) };
    const selected = [...roles].filter(([, r]) => r.labels[`${AGGREGATE}${name}`] === 'true').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const rules: PolicyRule[] = [];
    const seen = new Set<string>();
    for (const [, r] of selected) {
      for (const one of r.rules) {
        const key = JSON.stringify(one);
        if (seen.has(key)) continue;
        seen.add(key);
        rules.push(one);
      }
    }
    roles.set(name, { labels, rules });
    out.push({
      apiVersion: RBAC, kind: 'ClusterRole', metadata: meta(name, labels, AUTOUPDATE),
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`${AGGREGATE}${name}`]: 'true' } }] },
      rules,
    });
  }
  return out;
}
