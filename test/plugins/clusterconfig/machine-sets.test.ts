import { expect, it } from 'vitest';
import { machineSets } from '../../../plugins/clusterconfig/machine-sets.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { describeListedKind } from './listed-kind-suite.ts';
import { withObjects } from './store-helpers.ts';

const PROJECT = 'canary-project-4711';
const REGION = 'canaryregion-west1';
const ZONE = 'canaryzone-b';
const PLACEMENT_REGION = 'canaryplacementregion';
const EMAIL_1 = 'canary-sa-one@canary-project-4711.iam.gserviceaccount.com';
const EMAIL_2 = 'canary-sa-two@example.com';

/** The provider spec value of a recorded machine set. */
const providerValue = (text: string) => JSON.parse(text).spec.template.spec.providerSpec.value;

describeListedKind({
  key: 'machine_sets',
  fn: machineSets,
  apiVersion: 'machine.openshift.io/v1beta1',
  kind: 'MachineSet',
  listPath: '/apis/machine.openshift.io/v1beta1/machinesets',
  sampleDir: 'machinesets',
  // The sample predates the masking of service account e-mails; the rest of it was already masked.
  expected: (sample) => {
    const copy = structuredClone(sample) as any;
    for (const account of copy.spec.template.spec.providerSpec.value.serviceAccounts) account.email = 'x'.repeat(account.email.length);
    return copy;
  },
  more: (env) => {
    it('writes at the archive root, not under config/', async () => {
      const out = await gatherFunction(machineSets, { kube: env.kube });
      expect(out.records.length).toBeGreaterThan(0);
      for (const r of out.records) expect(r.path).toMatch(/^machinesets\/openshift-machine-api\/[^/]+\.json$/);
    });

    it('masks project, region, placement and every service account e-mail with x of the same length', async () => {
      const set = {
        apiVersion: 'machine.openshift.io/v1beta1', kind: 'MachineSet',
        metadata: { name: 'canary-set', namespace: 'openshift-machine-api' },
        spec: {
          replicas: 2,
          template: { spec: { providerSpec: { value: {
            machineType: 'n1-standard-4', projectID: PROJECT, region: REGION,
            placement: { availabilityZone: ZONE, region: PLACEMENT_REGION },
            serviceAccounts: [{ email: EMAIL_1, scopes: ['https://www.googleapis.com/auth/cloud-platform'] }, { email: EMAIL_2 }, { scopes: [] }],
          } } } },
        },
      };
      const out = await withObjects(env.sim, [set], () => gatherFunction(machineSets, { kube: env.kube }));
      const text = out.byPath.get('machinesets/openshift-machine-api/canary-set.json')!.text;
      expect(providerValue(text)).toEqual({
        machineType: 'n1-standard-4', projectID: 'x'.repeat(PROJECT.length), region: 'x'.repeat(REGION.length),
        placement: { availabilityZone: 'x'.repeat(ZONE.length), region: 'x'.repeat(PLACEMENT_REGION.length) },
        serviceAccounts: [
          { email: 'x'.repeat(EMAIL_1.length), scopes: ['https://www.googleapis.com/auth/cloud-platform'] },
          { email: 'x'.repeat(EMAIL_2.length) },
          { scopes: [] },
        ],
      });
      expect(JSON.parse(text).spec.replicas).toBe(2);
      for (const r of out.records) expect(r.text).not.toContain('canary' + 'project');
      for (const r of out.records) for (const canary of [REGION, ZONE, PLACEMENT_REGION, 'canary-sa-']) expect(r.text).not.toContain(canary);
    });
  },
});
