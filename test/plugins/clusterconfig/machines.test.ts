import { expect, it } from 'vitest';
import { machines } from '../../../plugins/clusterconfig/machines.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { describeListedKind } from './listed-kind-suite.ts';
import { withObjects } from './store-helpers.ts';

const PROVIDER_ID = 'aws:///us-east-1a/i-0canaryprovider';
const ZONE = 'canaryzone-1a';
const REGION = 'canaryregion-1';
const LABEL_REGION = 'canarylabelregion';

describeListedKind({
  key: 'machines',
  fn: machines,
  apiVersion: 'machine.openshift.io/v1beta1',
  kind: 'Machine',
  listPath: '/apis/machine.openshift.io/v1beta1/machines',
  sampleDir: 'config/machines',
  more: (env) => {
    it('masks the provider ID, the placement and the region label with x of the same length, and keeps the rest', async () => {
      const machine = {
        apiVersion: 'machine.openshift.io/v1beta1', kind: 'Machine',
        metadata: { name: 'canary-machine', namespace: 'openshift-machine-api', labels: { 'machine.openshift.io/region': LABEL_REGION, role: 'worker' } },
        spec: { providerID: PROVIDER_ID, providerSpec: { value: { instanceType: 'm5.large', placement: { availabilityZone: ZONE, region: REGION } } } },
        status: { phase: 'Running' },
      };
      const out = await withObjects(env.sim, [machine], () => gatherFunction(machines, { kube: env.kube }));
      const text = out.byPath.get('config/machines/openshift-machine-api/canary-machine.json')!.text;
      const recorded = JSON.parse(text);
      expect(recorded.spec.providerID).toBe('x'.repeat(PROVIDER_ID.length));
      expect(recorded.spec.providerSpec.value.placement).toEqual({ availabilityZone: 'x'.repeat(ZONE.length), region: 'x'.repeat(REGION.length) });
      expect(recorded.metadata.labels).toEqual({ 'machine.openshift.io/region': 'x'.repeat(LABEL_REGION.length), role: 'worker' });
      expect(recorded.spec.providerSpec.value.instanceType).toBe('m5.large');
      expect(recorded.status).toEqual({ phase: 'Running' });
      for (const r of out.records) for (const canary of ['canary' + 'provider', ZONE, REGION, LABEL_REGION]) expect(r.text).not.toContain(canary);
    });

    it('adds nothing to a machine that has none of the masked fields', async () => {
      const machine = {
        apiVersion: 'machine.openshift.io/v1beta1', kind: 'Machine',
        metadata: { name: 'bare-machine', namespace: 'openshift-machine-api' },
        spec: { providerSpec: {} },
      };
      const out = await withObjects(env.sim, [machine], () => gatherFunction(machines, { kube: env.kube }));
      const recorded = JSON.parse(out.byPath.get('config/machines/openshift-machine-api/bare-machine.json')!.text);
      expect(recorded.spec).toEqual({ providerSpec: {} });
      expect(recorded.metadata.labels).toBeUndefined();
    });
  },
});
