import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { infrastructures } from '../../../plugins/clusterconfig/infrastructures.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { expectSameObject, failingFor, readSample, startSim } from './setup.ts';
import type { KubeSim } from '../../sim/kube/index.ts';
import type { KubeClient } from '../../../plugin-api/kube.ts';

const TYPE = { apiVersion: 'config.openshift.io/v1', kind: 'Infrastructure' };

describe('clusterconfig/infrastructures', () => {
  let sim: KubeSim;
  let kube: KubeClient;
  let connect: (token?: string) => Promise<KubeClient>;
  beforeAll(async () => {
    ({ sim, kube, connect } = await startSim({ fixture: 'sample' }));
  });
  afterAll(async () => {
    await sim.close();
  });

  it('writes the Infrastructure "cluster" of the sample to config/infrastructure.json', async () => {
    const out = await gatherFunction(infrastructures, { kube });
    expect(out.records.map((r) => r.path)).toEqual(['config/infrastructure.json']);
    expectSameObject(out.byPath.get('config/infrastructure.json')!.text, await readSample('config/infrastructure.json'));
    expect(out.errors).toEqual([]);
    expect(out.warnings).toEqual([]);
  });

  it('drops metadata.managedFields', async () => {
    const original = sim.store.get(TYPE.apiVersion, TYPE.kind, 'cluster')!;
    sim.store.add({ ...original, metadata: { ...original.metadata, managedFields: [{ manager: 'test', operation: 'Update' }] } });
    try {
      const text = (await gatherFunction(infrastructures, { kube })).byPath.get('config/infrastructure.json')!.text;
      expect(text).not.toContain('managedFields');
      expect(JSON.parse(text).metadata.uid).toBe(original.metadata.uid);
    } finally {
      sim.store.add(original);
    }
  });

  it('writes nothing and reports no error when the object does not exist', async () => {
    const original = sim.store.get(TYPE.apiVersion, TYPE.kind, 'cluster')!;
    sim.store.remove(TYPE.apiVersion, TYPE.kind, 'cluster');
    try {
      const out = await gatherFunction(infrastructures, { kube });
      expect(out.records).toEqual([]);
      expect(out.errors).toEqual([]);
    } finally {
      sim.store.add(original);
    }
  });

  it('fails on API errors other than not-found', async () => {
    await expect(gatherFunction(infrastructures, { kube: await connect('not-the-token') })).rejects.toMatchObject({ name: 'KubeApiError', statusCode: 401 });
    await expect(gatherFunction(infrastructures, { kube: failingFor(kube, TYPE.kind, 500) })).rejects.toMatchObject({ statusCode: 500 });
  });
});
