import { defineGatheringFunction, withMaskedFields } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { gatherListedObjects } from './gather-listed-objects.ts';

const PROVIDER_SPEC = ['spec', 'template', 'spec', 'providerSpec', 'value'] as const;

/** Provider-spec fields of a MachineSet that identify the customer's cloud project and location. */
const MASKED_PROVIDER_FIELDS: ReadonlyArray<readonly string[]> = [
  ['projectID'],
  ['region'],
  ['placement', 'availabilityZone'],
  ['placement', 'region'],
];

/**
 * `clusterconfig/machine_sets`: every MachineSet, with the cloud project, region, zone and service
 * account e-mails of its provider spec masked. The records sit at the archive root (`machinesets/`),
 * not under `config/`, as the original writes them.
 */
export const machineSets = defineGatheringFunction({
  description: 'Every MachineSet, with the provider spec project ID, region, zone and service account e-mails masked.',
  paths: ['machinesets/{namespace}/{name}.json'],
  permissions: [{ group: 'machine.openshift.io', resource: 'machinesets', verbs: ['list'] }],
  gather: (ctx) => gatherListedObjects(ctx, { apiVersion: 'machine.openshift.io/v1beta1', kind: 'MachineSet' }, 'machinesets', anonymizeMachineSet),
});

/** The MachineSet with the provider-spec fields and each service account's `email` masked. */
function anonymizeMachineSet(set: KubeObject): KubeObject {
  const paths = MASKED_PROVIDER_FIELDS.map((field) => [...PROVIDER_SPEC, ...field]);
  // GCP machine sets name the service accounts the instances run as; their e-mails contain the project.
  let value: unknown = set;
  for (const key of PROVIDER_SPEC) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  const accounts = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).serviceAccounts : undefined;
  if (Array.isArray(accounts)) accounts.forEach((_, i) => paths.push([...PROVIDER_SPEC, 'serviceAccounts', String(i), 'email']));
  return withMaskedFields(set, paths);
}
