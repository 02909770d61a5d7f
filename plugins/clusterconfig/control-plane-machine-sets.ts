import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { objectRecordName } from './gather-listed-objects.ts';

/**
 * `clusterconfig/control_plane_machine_sets`: every ControlPlaneMachineSet, without its machine
 * templates.
 */
export const controlPlaneMachineSets = defineGatheringFunction({
  description: 'Every ControlPlaneMachineSet, with spec.template and spec.templates cleared.',
  paths: ['config/controlplanemachinesets/{namespace}/{name}.json'],
  permissions: [{ group: 'machine.openshift.io', resource: 'controlplanemachinesets', verbs: ['list'] }],
  async *gather(ctx) {
    for await (const set of ctx.kube.list({ apiVersion: 'machine.openshift.io/v1', kind: 'ControlPlaneMachineSet' })) {
      const { object, problem } = withoutTemplates(set);
      // A spec that is not an object cannot be cleared; the original reports that and records the set anyway.
      if (problem !== undefined) ctx.reportError(`${objectRecordName('controlplanemachinesets', set)}: ${problem}`);
      yield record({ name: objectRecordName('config/controlplanemachinesets', set), item: resource(object) });
    }
  },
});

/**
 * The set with `spec.templates` and `spec.template` set to null: the templates carry the machines'
 * provider specs (cloud accounts, networks, images), which the original does not collect. Like the
 * original's nested setter, a missing `spec` is created, so both keys are always present.
 */
function withoutTemplates(set: KubeObject): { object: KubeObject; problem?: string } {
  const spec = set.spec;
  if (spec === undefined) return { object: { ...set, spec: { templates: null, template: null } } };
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return { object: set, problem: 'value cannot be set because .spec is not a map[string]interface{}' };
  return { object: { ...set, spec: { ...spec, templates: null, template: null } } };
}
