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

/**
 * `count` InstallPlans in `namespace`: mostly complete, some failed or waiting for approval
 * (`phases` fixes them instead, so every phase exists at any scale).
 */
export function installPlans(rng: Rng, namespace: string, count: number, rv: () => string, phases?: readonly string[]): KubeObject[] {
  return Array.from({ length: count }, (_, i) => {
    const [pkg, version, catalog] = rng.pick(OPERATORS);
    const csv = `${pkg}.v${version}`;
    const created = 3 * 86400 + rng.int(25 * 86400);
    const r = rng.next();
    const phase = phases?.[i] ?? (r < 0.75 ? 'Complete' : r < 0.9 ? 'RequiresApproval' : 'Failed');
    const approval = phase === 'RequiresApproval' ? 'Manual' : rng.pick(['Automatic', 'Automatic', 'Manual']);
    const bundle = `quay.io/${catalog === 'redhat-operators' ? 'redhat' : 'community-operator-pipeline-prod'}/${pkg}-bundle@sha256:${rng.hex(64)}`;
    return {
      apiVersion: 'operators.coreos.com/v1alpha1', kind: 'InstallPlan',
      metadata: {
        name: `install-${rng.suffix(5)}`, generateName: 'install-', namespace, uid: rng.uuid(), resourceVersion: rv(), generation: 1, creationTimestamp: timestamp(created),
        labels: { [`operators.coreos.com/${pkg}.${namespace}`]: '' },
        ownerReferences: [{ apiVersion: 'operators.coreos.com/v1alpha1', kind: 'Subscription', name: pkg, uid: rng.uuid(), blockOwnerDeletion: false, controller: false }],
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
  });
}
