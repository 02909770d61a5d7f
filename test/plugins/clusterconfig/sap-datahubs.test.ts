import { describe, expect, it } from 'vitest';
import { sapDatahubs } from '../../../plugins/clusterconfig/sap-datahubs.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { expectSameObject, failingFor, readSample, useSampleCluster } from './setup.ts';
import { requestsTo, withObjects, withoutObjects } from './store-helpers.ts';

const SAMPLE_PATH = 'customresources/installers.datahub.sap.com/datahubs/sdi/default.json';
/** The copy the simulator serves for the stitched sample's SAP pods (see fixture-rebuild.ts). */
const STITCHED_PATH = 'customresources/installers.datahub.sap.com/datahubs/di-288312/default.json';
const TYPE = ['installers.datahub.sap.com/v1alpha1', 'DataHub'] as const;

describe('clusterconfig/sap_datahubs', () => {
  const env = useSampleCluster();

  it("writes the sample's DataHub at its sample path with its content, and the stitched copy", async () => {
    const out = await gatherFunction(sapDatahubs, { kube: env.kube });
    expect(out.errors).toEqual([]);
    expect(out.records.map((r) => r.path).sort()).toEqual([STITCHED_PATH, SAMPLE_PATH]);
    const sample = await readSample(SAMPLE_PATH);
    expectSameObject(out.byPath.get(SAMPLE_PATH)!.text, sample);
    const copy = JSON.parse(out.byPath.get(STITCHED_PATH)!.text);
    expect(copy.metadata.namespace).toBe('di-288312');
    expect(copy.spec).toEqual((sample as any).spec);
  });

  it('writes every DataHub of every namespace through one paged list, without managedFields', async () => {
    const extra = {
      apiVersion: TYPE[0], kind: TYPE[1],
      metadata: { name: 'second', namespace: 'sdi-two', managedFields: [{ manager: 'canary-manager', operation: 'Update' }] },
      spec: { deploymentType: 'on-prem' },
    };
    const before = env.sim.requests.length;
    const out = await withObjects(env.sim, [extra], () => gatherFunction(sapDatahubs, { kube: env.kube }));
    expect(out.records.map((r) => r.path)).toContain('customresources/installers.datahub.sap.com/datahubs/sdi-two/second.json');
    for (const r of out.records) expect(r.text).not.toContain('canary-manager');
    const lists = requestsTo(env.sim, before, '/apis/installers.datahub.sap.com/v1alpha1/datahubs');
    expect(lists).toHaveLength(1);
    expect(lists[0]!.query).toContain('limit=');
  });

  it('writes nothing and reports no error when there is no DataHub', async () => {
    const out = await withoutObjects(env.sim, ...TYPE, () => gatherFunction(sapDatahubs, { kube: env.kube }));
    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([]);
  });

  it('fails when the list fails', async () => {
    await expect(gatherFunction(sapDatahubs, { kube: failingFor(env.kube, 'DataHub', 403) })).rejects.toMatchObject({ statusCode: 403 });
    await expect(gatherFunction(sapDatahubs, { kube: failingFor(env.kube, 'DataHub', 500) })).rejects.toMatchObject({ statusCode: 500 });
  });

  it('needs no permission beyond those it declares', async () => {
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, sapDatahubs.permissions, 'test-sap-datahubs');
    const out = await gatherFunction(sapDatahubs, { kube });
    expect(out.errors).toEqual([]);
    expect(out.records.map((r) => r.path).sort()).toEqual([STITCHED_PATH, SAMPLE_PATH]);
    const unbound = await env.connect(env.sim.serviceAccountToken('openshift-insights', 'unbound-sap-datahubs'));
    await expect(gatherFunction(sapDatahubs, { kube: unbound })).rejects.toMatchObject({ statusCode: 403 });
  });

  describeOptionalKind(env, sapDatahubs, 'installers.datahub.sap.com', 'DataHub');
});
