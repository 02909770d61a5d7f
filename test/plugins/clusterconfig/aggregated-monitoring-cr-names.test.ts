import { describe, expect, it } from 'vitest';
import { aggregatedMonitoringCrNames } from '../../../plugins/clusterconfig/aggregated-monitoring-cr-names.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { withoutServedKind } from './absent-crd-suite.ts';
import { describeDeclaredPermissions } from './declared-permissions-check.ts';
import { readSampleText } from './monitoring-fixtures.ts';
import { useSampleCluster } from './setup.ts';
import { withObjects, withoutObjects } from './store-helpers.ts';

const PATH = 'aggregated/custom_prometheuses_alertmanagers.json';
const GROUP = 'monitoring.coreos.com';

const instance = (kind: string, name: string, namespace: string): KubeObject =>
  ({ apiVersion: `${GROUP}/v1`, kind, metadata: { name, namespace }, spec: { replicas: 1 } });

describe('clusterconfig/aggregated_monitoring_cr_names', () => {
  const env = useSampleCluster();

  it("writes the sample's names at the sample's path, leaving out the platform's k8s and main", async () => {
    expect(env.sim.store.get(`${GROUP}/v1`, 'Prometheus', 'k8s', 'openshift-monitoring')).toBeDefined();
    const out = await gatherFunction(aggregatedMonitoringCrNames, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
    // Go's struct order, compact: the sample's bytes once its indentation is gone.
    expect(out.byPath.get(PATH)!.text).toBe(JSON.stringify(JSON.parse(await readSampleText(PATH))));
    expect(out.errors).toEqual([]);
  });

  it('lists every namespace but openshift-monitoring, user workload monitoring included', async () => {
    const added = [
      instance('Prometheus', 'user-workload', 'openshift-user-workload-monitoring'),
      instance('Alertmanager', 'user-workload', 'openshift-user-workload-monitoring'),
      instance('Prometheus', 'second-platform', 'openshift-monitoring'),
    ];
    const out = await withObjects(env.sim, added, () => gatherFunction(aggregatedMonitoringCrNames, { kube: env.kube }));
    const recorded = JSON.parse(out.byPath.get(PATH)!.text) as { prometheuses: string[]; alertmanagers: string[] };
    expect(recorded.prometheuses.sort()).toEqual(['example-prometheus-name', 'user-workload']);
    expect(recorded.alertmanagers.sort()).toEqual(['example-alertmanager-name', 'user-workload']);
  });

  it('writes null lists when only the platform has them, as the original writes empty Go slices', async () => {
    const platformOnly = async (): Promise<string> => {
      const out = await gatherFunction(aggregatedMonitoringCrNames, { kube: env.kube });
      return out.byPath.get(PATH)!.text;
    };
    const text = await withoutObjects(env.sim, `${GROUP}/v1`, 'Prometheus', () => withoutObjects(env.sim, `${GROUP}/v1`, 'Alertmanager', () =>
      withObjects(env.sim, [instance('Prometheus', 'k8s', 'openshift-monitoring')], platformOnly)));
    expect(text).toBe('{"prometheuses":null,"alertmanagers":null}');
  });

  it('writes nothing and reports nothing when the cluster serves neither kind (no prometheus-operator)', async () => {
    const kube = await env.connect();
    const out = await withoutServedKind(env.sim, GROUP, 'Prometheus', () => withoutServedKind(env.sim, GROUP, 'Alertmanager', () => gatherFunction(aggregatedMonitoringCrNames, { kube })));
    expect([out.records, out.errors, out.warnings]).toEqual([[], [], []]);
  });
});

describe('clusterconfig/aggregated_monitoring_cr_names on an empty cluster', () => {
  const env = useSampleCluster({});

  it('writes null lists and reports nothing: the simulator serves the kinds, as every OpenShift cluster does', async () => {
    const out = await gatherFunction(aggregatedMonitoringCrNames, { kube: env.kube });
    expect(out.records.map((r) => [r.path, r.text])).toEqual([[PATH, '{"prometheuses":null,"alertmanagers":null}']]);
    expect(out.errors).toEqual([]);
  });
});

describeDeclaredPermissions('aggregated_monitoring_cr_names', aggregatedMonitoringCrNames, [PATH]);
