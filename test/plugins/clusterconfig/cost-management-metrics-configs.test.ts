import { expect, it } from 'vitest';
import { costManagementMetricsConfigs } from '../../../plugins/clusterconfig/cost-management-metrics-configs.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { describeListedKind, namedByPath } from './listed-kind-suite.ts';
import { withObjects } from './store-helpers.ts';

const API_VERSION = 'costmanagement-metrics-cfg.openshift.io/v1beta1';

describeListedKind({
  key: 'cost_management_metrics_configs',
  fn: costManagementMetricsConfigs,
  apiVersion: API_VERSION,
  kind: 'CostManagementMetricsConfig',
  listPath: '/apis/costmanagement-metrics-cfg.openshift.io/v1beta1/costmanagementmetricsconfigs',
  sampleDir: 'config/cost_management_metrics_configs',
  // Both sample files hold one object's name (a stitched sample): the simulator serves each under its
  // path's, and gives them the uid, resourceVersion and creationTimestamp the files lack.
  expected: (sample, path) => {
    const named = namedByPath(sample, path);
    return { ...named, metadata: expect.objectContaining(named.metadata) };
  },
  more: (env) => {
    it('names each record after the object alone, whatever its namespace', async () => {
      const config = (namespace: string) => ({
        apiVersion: API_VERSION, kind: 'CostManagementMetricsConfig',
        metadata: { name: `cfg-in-${namespace}`, namespace }, spec: { authentication: { type: 'token' } },
      });
      const out = await withObjects(env.sim, [config('costmanagement-metrics-operator'), config('team-cost')], () =>
        gatherFunction(costManagementMetricsConfigs, { kube: env.kube }));
      expect(out.records.map((r) => r.path)).toEqual(expect.arrayContaining([
        'config/cost_management_metrics_configs/cfg-in-costmanagement-metrics-operator.json',
        'config/cost_management_metrics_configs/cfg-in-team-cost.json',
      ]));
    });
    describeOptionalKind(env, costManagementMetricsConfigs, 'costmanagement-metrics-cfg.openshift.io', 'CostManagementMetricsConfig');
  },
});
