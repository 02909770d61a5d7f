/** OLM InstallPlans of a generated cluster, as the install_plans gatherer counts them. */
import type { Rng } from './prng.ts';
import { timestamp } from './prng.ts';
import type { KubeObject } from './store.ts';

const OPERATORS: ReadonlyArray<readonly [pkg: string, version: string, catalog: string]> = [
  ['elasticsearch-operator', '5.8.14', 'redhat-operators'],
  ['cluster-logging', '6.0.2', 'redhat-operators'],
  ['loki-operator', '6.0.2', 'redhat-operators'],
  ['openshift-gitops-operator', '1.14.1', 'redhat-operators'],
  ['servicemeshoperator', '2.6.3', 'redhat-operators'],
  ['compliance-operator', '1.6.0', 'redhat-operators'],
  ['strimzi-kafka-operator', '0.43.0', 'community-operators'],
  ['grafana-operator', '5.15.1', 'community-operators'],
];

type Package = readonly [pkg: string, version: string, catalog: string];

/**
 * `count` InstallPlans in `namespace`: mostly complete, some failed or waiting for approval
 * (`phases` fixes them instead, so every phase exists at any scale).
 */
export function installPlans(rng: Rng, namespace: string, count: number, rv: () => string, phases?: readonly string[]): KubeObject[] {
  return Array.from({ length: count }, (_, i) => {
    const operator = rng.pick(OPERATORS);
    const r = rng.next();
    const phase = phases?.[i] ?? (r < 0.75 ? 'Complete' : r < 0.9 ? 'RequiresApproval' : 'Failed');
    return installPlan(rng, namespace, rv, operator, phase, { name: operator[0], uid: rng.uuid() });
  });
}

function installPlan(rng: Rng, namespace: string, rv: () => string, [pkg, version, catalog]: Package, phase: string, subscription: { name: string; uid: string }, created = 3 * 86400 + rng.int(25 * 86400)): KubeObject {
  const csv = `${pkg}.v${version}`;
  const approval = phase === 'RequiresApproval' ? 'Manual' : rng.pick(['Automatic', 'Automatic', 'Manual']);
  const bundle = `quay.io/${catalog === 'redhat-operators' ? 'redhat' : 'community-operator-pipeline-prod'}/${pkg}-bundle@sha256:${rng.hex(64)}`;
  return {
    apiVersion: 'operators.coreos.com/v1alpha1', kind: 'InstallPlan',
    metadata: {
      name: `install-${rng.suffix(5)}`, generateName: 'install-', namespace, uid: rng.uuid(), resourceVersion: rv(), generation: 1, creationTimestamp: timestamp(created),
      labels: { [`operators.coreos.com/${pkg}.${namespace}`]: '' },
      ownerReferences: [{ apiVersion: 'operators.coreos.com/v1alpha1', kind: 'Subscription', name: subscription.name, uid: subscription.uid, blockOwnerDeletion: false, controller: false }],
    },
    spec: { approval, approved: phase !== 'RequiresApproval', clusterServiceVersionNames: [csv], generation: 1 },
    status: {
      phase,
      catalogSources: [catalog],
      bundleLookups: phase === 'Complete' ? [] : [{ path: bundle, identifier: csv, replaces: '', catalogSourceRef: { namespace: 'openshift-marketplace', name: catalog }, conditions: [] }],
      conditions: [{
        type: 'Installed', status: phase === 'Complete' ? 'True' : 'False', lastUpdateTime: timestamp(created + 90), lastTransitionTime: timestamp(created + 90),
        ...(phase === 'Failed' ? { reason: 'InstallComponentFailed', message: `error creating csv ${csv}: admission webhook denied the request` } : phase === 'RequiresApproval' ? { reason: 'RequiresApproval' } : {}),
      }],
      ...(phase === 'Complete' ? { plan: [{ resolving: csv, resource: { group: 'operators.coreos.com', version: 'v1alpha1', kind: 'ClusterServiceVersion', name: csv, sourceName: catalog, sourceNamespace: 'openshift-marketplace', manifest: '' }, status: 'Created' }] } : {}),
      startTime: timestamp(created + 1),
      attenuatedServiceAccountRef: null,
    },
  };
}

/** Where the generated cluster's OLM operators are installed (AllNamespaces mode, the `global-operators` group). */
export const OLM_NAMESPACE = 'openshift-operators';

interface Installed {
  readonly pkg: Package;
  readonly displayName: string;
  readonly provider: string;
  readonly channel: string;
  readonly crds: readonly (readonly [name: string, kind: string])[];
  /** The CSV's outcome: installed, or failed its install check. */
  readonly phase: 'Succeeded' | 'Failed';
  /** A newer version waiting for a manual approval. */
  readonly pendingUpgrade?: string;
}

const INSTALLED: readonly Installed[] = [
  { pkg: ['openshift-gitops-operator', '1.14.1', 'redhat-operators'], displayName: 'Red Hat OpenShift GitOps', provider: 'Red Hat Inc', channel: 'latest', crds: [['argocds.argoproj.io', 'ArgoCD'], ['applications.argoproj.io', 'Application']], phase: 'Succeeded' },
  { pkg: ['servicemeshoperator', '2.6.3', 'redhat-operators'], displayName: 'Red Hat OpenShift Service Mesh', provider: 'Red Hat, Inc.', channel: 'stable', crds: [['servicemeshcontrolplanes.maistra.io', 'ServiceMeshControlPlane']], phase: 'Succeeded', pendingUpgrade: '2.6.4' },
  { pkg: ['grafana-operator', '5.15.1', 'community-operators'], displayName: 'Grafana Operator', provider: 'Grafana Labs', channel: 'v5', crds: [['grafanas.grafana.integreatly.org', 'Grafana']], phase: 'Succeeded' },
  { pkg: ['strimzi-kafka-operator', '0.43.0', 'community-operators'], displayName: 'Strimzi', provider: 'Strimzi', channel: 'stable', crds: [['kafkas.kafka.strimzi.io', 'Kafka']], phase: 'Failed' },
];

/** The fixed InstallPlans: one per installed operator, and a pending upgrade. */
export const FIXED_INSTALL_PLANS = INSTALLED.length + INSTALLED.filter((o) => o.pendingUpgrade !== undefined).length;

type Json = Record<string, unknown>;

const csvCondition = (phase: string, reason: string, message: string, at: number): Json =>
  ({ lastTransitionTime: timestamp(at), lastUpdateTime: timestamp(at), message, phase, reason });

/**
 * Operators installed through OLM in `openshift-operators`: for each a Subscription, the InstallPlan
 * that installed it (failed for one), its ClusterServiceVersion (one failed its install check) and the
 * `operators.coreos.com/v1` Operator whose `status.components.refs` point at all of them; a pending
 * upgrade; and OLM's own packageserver CSV.
 */
export function olmObjects(rng: Rng, rv: () => string): KubeObject[] {
  const ns = OLM_NAMESPACE;
  const subscriptions: KubeObject[] = [];
  const plans: KubeObject[] = [];
  const csvs: KubeObject[] = [];
  const operators: KubeObject[] = [];
  for (const o of INSTALLED) {
    const [pkg, version, catalog] = o.pkg;
    const csvName = `${pkg}.v${version}`;
    const label = `operators.coreos.com/${pkg}.${ns}`;
    const created = 4 * 86400 + rng.int(10 * 86400);
    const at = (s: number): string => timestamp(created + s);
    const subscription = { name: pkg, uid: rng.uuid() };
    const plan = installPlan(rng, ns, rv, o.pkg, o.phase === 'Succeeded' ? 'Complete' : 'Failed', subscription, created + 5);
    plans.push(plan);
    const upgrade = o.pendingUpgrade === undefined ? undefined : installPlan(rng, ns, rv, [pkg, o.pendingUpgrade, catalog], 'RequiresApproval', subscription, created + 12 * 86400);
    if (upgrade !== undefined) plans.push(upgrade);
    const planRef = (p: KubeObject): Json => ({ apiVersion: 'operators.coreos.com/v1alpha1', kind: 'InstallPlan', name: p.metadata.name, namespace: ns, resourceVersion: p.metadata.resourceVersion, uid: p.metadata.uid });
    const current = upgrade ?? plan;
    subscriptions.push({
      apiVersion: 'operators.coreos.com/v1alpha1', kind: 'Subscription',
      metadata: { name: pkg, namespace: ns, uid: subscription.uid, resourceVersion: rv(), generation: 1, creationTimestamp: at(0), labels: { [label]: '' } },
      spec: { channel: o.channel, installPlanApproval: upgrade === undefined ? 'Automatic' : 'Manual', name: pkg, source: catalog, sourceNamespace: 'openshift-marketplace', startingCSV: csvName },
      status: {
        catalogHealth: ['community-operators', 'redhat-operators'].map((name) => ({ catalogSourceRef: { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'CatalogSource', name, namespace: 'openshift-marketplace', resourceVersion: String(rng.range(10000, 99999)), uid: rng.uuid() }, healthy: true, lastUpdated: at(30) })),
        conditions: [{ lastTransitionTime: at(30), message: 'all available catalogsources are healthy', reason: 'AllCatalogSourcesHealthy', status: 'False', type: 'CatalogSourcesUnhealthy' }],
        currentCSV: upgrade === undefined ? csvName : `${pkg}.v${o.pendingUpgrade}`,
        ...(o.phase === 'Succeeded' ? { installedCSV: csvName } : {}),
        installPlanGeneration: upgrade === undefined ? 1 : 2,
        installPlanRef: planRef(current),
        installplan: { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'InstallPlan', name: current.metadata.name, uuid: current.metadata.uid },
        lastUpdated: at(upgrade === undefined ? 120 : 12 * 86400 + 10),
        state: upgrade !== undefined ? 'UpgradePending' : o.phase === 'Succeeded' ? 'AtLatestKnown' : 'UpgradePending',
      },
    });
    const conditions = [
      csvCondition('Pending', 'RequirementsUnknown', 'requirements not yet checked', created + 20),
      csvCondition('InstallReady', 'AllRequirementsMet', 'all requirements found, attempting install', created + 21),
      csvCondition('Installing', 'InstallSucceeded', 'waiting for install components to report healthy', created + 22),
      ...(o.phase === 'Succeeded'
        ? [csvCondition('Succeeded', 'InstallSucceeded', 'install strategy completed with no errors', created + 80)]
        : [
          csvCondition('Installing', 'InstallWaiting', `installing: waiting for deployment ${pkg} to become ready: deployment "${pkg}" not available: Deployment does not have minimum availability.`, created + 23),
          csvCondition('Failed', 'InstallCheckFailed', 'install timeout', created + 323),
        ]),
    ];
    const last = conditions.at(-1)!;
    const csvUid = rng.uuid();
    csvs.push({
      apiVersion: 'operators.coreos.com/v1alpha1', kind: 'ClusterServiceVersion',
      metadata: {
        name: csvName, namespace: ns, uid: csvUid, resourceVersion: rv(), generation: 1, creationTimestamp: at(20),
        labels: { [label]: '', 'olm.managed': 'true' },
        annotations: { 'olm.operatorGroup': 'global-operators', 'olm.operatorNamespace': ns, 'olm.targetNamespaces': '', capabilities: 'Deep Insights', createdAt: at(-30 * 86400), support: o.provider, repository: `https://github.com/example/${pkg}` },
      },
      spec: {
        displayName: o.displayName, version, provider: { name: o.provider }, maturity: 'stable',
        description: `${o.displayName} manages its operands on the cluster.`,
        installModes: [['OwnNamespace', true], ['SingleNamespace', true], ['MultiNamespace', false], ['AllNamespaces', true]].map(([type, supported]) => ({ type, supported })),
        customresourcedefinitions: { owned: o.crds.map(([name, kind]) => ({ name, kind, version: 'v1', displayName: kind })) },
        install: { strategy: 'deployment', spec: { deployments: [{ name: pkg, spec: { replicas: 1, selector: { matchLabels: { 'control-plane': pkg } }, template: { metadata: { labels: { 'control-plane': pkg } }, spec: { serviceAccountName: pkg, containers: [{ name: 'manager', image: `registry.example.com/${pkg}@sha256:${rng.hex(64)}` }] } } } }] } },
        links: [{ name: 'Documentation', url: `https://docs.example.com/${pkg}` }],
        maintainers: [{ name: o.provider, email: `support@${pkg}.example.com` }],
      },
      status: {
        phase: o.phase, reason: last['reason'], message: last['message'], lastTransitionTime: last['lastTransitionTime'], lastUpdateTime: last['lastUpdateTime'],
        conditions,
        requirementStatus: [{ group: 'operators.coreos.com', kind: 'ClusterServiceVersion', message: 'CSV minKubeVersion (1.25.0) less than server version (v1.30.5)', name: csvName, status: 'Present', version: 'v1alpha1' }],
      },
    });
    const ok = (type: string, reason: string, message?: string): Json => ({ lastTransitionTime: at(80), lastUpdateTime: at(80), status: 'True', type, reason, ...(message === undefined ? {} : { message }) });
    operators.push({
      apiVersion: 'operators.coreos.com/v1', kind: 'Operator',
      metadata: { name: `${pkg}.${ns}`, uid: rng.uuid(), resourceVersion: rv(), generation: 1, creationTimestamp: at(0) },
      spec: {},
      status: {
        components: {
          labelSelector: { matchExpressions: [{ key: label, operator: 'Exists' }] },
          refs: [
            ...o.crds.map(([name]) => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name, conditions: [ok('Established', 'InitialNamesAccepted', 'the initial names have been accepted'), ok('NamesAccepted', 'NoConflicts', 'no conflicts found')] })),
            { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'ClusterServiceVersion', name: csvName, namespace: ns, conditions: [{ lastTransitionTime: last['lastTransitionTime'], lastUpdateTime: last['lastUpdateTime'], message: last['message'], reason: last['reason'], status: o.phase === 'Succeeded' ? 'True' : 'False', type: 'Succeeded' }] },
            { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'InstallPlan', name: plan.metadata.name, namespace: ns, conditions: [{ lastTransitionTime: at(95), lastUpdateTime: at(95), status: o.phase === 'Succeeded' ? 'True' : 'False', type: 'Installed' }] },
            { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'Subscription', name: pkg, namespace: ns, conditions: [{ lastTransitionTime: at(30), message: 'all available catalogsources are healthy', reason: 'AllCatalogSourcesHealthy', status: 'False', type: 'CatalogSourcesUnhealthy' }] },
          ],
        },
      },
    });
  }
  const packageserverAt = 700;
  const packageserver: KubeObject = {
    apiVersion: 'operators.coreos.com/v1alpha1', kind: 'ClusterServiceVersion',
    metadata: {
      name: 'packageserver', namespace: 'openshift-operator-lifecycle-manager', uid: rng.uuid(), resourceVersion: rv(), generation: 1, creationTimestamp: timestamp(packageserverAt),
      labels: { 'olm.clusteroperator.name': 'operator-lifecycle-manager-packageserver', 'olm.version': '0.0.1-snapshot' },
      annotations: { 'include.release.openshift.io/self-managed-high-availability': 'true', 'olm.operatorGroup': 'olm-operators', 'olm.operatorNamespace': 'openshift-operator-lifecycle-manager', 'olm.targetNamespaces': 'openshift-operator-lifecycle-manager' },
    },
    spec: {
      displayName: 'Package Server', version: '0.0.1-snapshot', provider: { name: 'Red Hat' }, description: 'Represents an Operator package that is available from a given CatalogSource which will resolve to a ClusterServiceVersion.',
      installModes: [['OwnNamespace', true], ['SingleNamespace', true], ['MultiNamespace', false], ['AllNamespaces', true]].map(([type, supported]) => ({ type, supported })),
      install: { strategy: 'deployment', spec: { deployments: [{ name: 'packageserver', spec: { replicas: 2, selector: { matchLabels: { app: 'packageserver' } }, template: { metadata: { labels: { app: 'packageserver' } }, spec: { serviceAccountName: 'olm-operator-serviceaccount', containers: [{ name: 'packageserver', image: `quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:${rng.hex(64)}` }] } } } }] } },
      apiservicedefinitions: { owned: [{ group: 'packages.operators.coreos.com', version: 'v1', kind: 'PackageManifest', name: 'packagemanifests', displayName: 'PackageManifest', deploymentName: 'packageserver', containerPort: 5443 }] },
    },
    status: {
      phase: 'Succeeded', reason: 'InstallSucceeded', message: 'install strategy completed with no errors', lastTransitionTime: timestamp(packageserverAt + 90), lastUpdateTime: timestamp(packageserverAt + 90),
      conditions: [
        csvCondition('Pending', 'RequirementsUnknown', 'requirements not yet checked', packageserverAt + 1),
        csvCondition('InstallReady', 'AllRequirementsMet', 'all requirements found, attempting install', packageserverAt + 2),
        csvCondition('Installing', 'InstallSucceeded', 'waiting for install components to report healthy', packageserverAt + 3),
        csvCondition('Succeeded', 'InstallSucceeded', 'install strategy completed with no errors', packageserverAt + 90),
      ],
    },
  };
  return [...subscriptions, ...plans, ...csvs, packageserver, ...operators];
}
