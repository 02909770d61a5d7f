import { expect, it } from 'vitest';
import { controlPlaneMachineSets } from '../../../plugins/clusterconfig/control-plane-machine-sets.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { describeListedKind } from './listed-kind-suite.ts';
import { withObjects } from './store-helpers.ts';

const base = { apiVersion: 'machine.openshift.io/v1', kind: 'ControlPlaneMachineSet' };

describeListedKind({
  key: 'control_plane_machine_sets',
  fn: controlPlaneMachineSets,
  apiVersion: 'machine.openshift.io/v1',
  kind: 'ControlPlaneMachineSet',
  listPath: '/apis/machine.openshift.io/v1/controlplanemachinesets',
  sampleDir: 'config/controlplanemachinesets',
  more: (env) => {
    it('clears spec.template and spec.templates and keeps the rest of the spec', async () => {
      const set = {
        ...base, metadata: { name: 'canary', namespace: 'openshift-machine-api' },
        spec: { replicas: 3, state: 'Active', template: { machineType: 'machines_v1beta1_machine_openshift_io', canaryField: 'canary-secret-subnet' }, templates: [{ canaryField: 'canary-secret-subnet' }] },
      };
      const out = await withObjects(env.sim, [set], () => gatherFunction(controlPlaneMachineSets, { kube: env.kube }));
      const recorded = JSON.parse(out.byPath.get('config/controlplanemachinesets/openshift-machine-api/canary.json')!.text);
      expect(recorded.spec).toEqual({ replicas: 3, state: 'Active', template: null, templates: null });
      for (const r of out.records) expect(r.text).not.toContain('canary-secret-subnet');
      expect(out.errors).toEqual([]);
    });

    it('adds the cleared keys to a set without a spec, as the original does', async () => {
      const set = { ...base, metadata: { name: 'no-spec', namespace: 'openshift-machine-api' } };
      const out = await withObjects(env.sim, [set], () => gatherFunction(controlPlaneMachineSets, { kube: env.kube }));
      expect(JSON.parse(out.byPath.get('config/controlplanemachinesets/openshift-machine-api/no-spec.json')!.text).spec).toEqual({ template: null, templates: null });
    });
  },
});
