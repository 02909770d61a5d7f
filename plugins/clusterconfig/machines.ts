import { defineGatheringFunction, withMaskedFields } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { gatherListedObjects } from './gather-listed-objects.ts';

/**
 * Fields of a Machine that name the customer's cloud account and location: the provider's instance ID
 * and the region/zone the machine runs in.
 */
const MASKED_MACHINE_FIELDS: ReadonlyArray<readonly string[]> = [
  ['spec', 'providerID'],
  ['spec', 'providerSpec', 'value', 'placement', 'availabilityZone'],
  ['spec', 'providerSpec', 'value', 'placement', 'region'],
  ['metadata', 'labels', 'machine.openshift.io/region'],
];

/** `clusterconfig/machines`: every Machine, with its cloud instance ID and placement masked. */
export const machines = defineGatheringFunction({
  description: 'Every Machine, with the provider ID, placement region/zone and region label masked.',
  paths: ['config/machines/{namespace}/{name}.json'],
  permissions: [{ group: 'machine.openshift.io', resource: 'machines', verbs: ['list'] }],
  gather: (ctx) => gatherListedObjects(ctx, { apiVersion: 'machine.openshift.io/v1beta1', kind: 'Machine' }, 'config/machines', anonymizeMachine),
});

/** The machine with {@link MASKED_MACHINE_FIELDS} replaced by `x`s of the same length. */
function anonymizeMachine(machine: KubeObject): KubeObject {
  return withMaskedFields(machine, MASKED_MACHINE_FIELDS);
}
