import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatheringFunction } from '../../../plugin-api/index.ts';
import type { KubeClient } from '../../../plugin-api/kube.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeSim } from '../../sim/kube/index.ts';
import { expectSameObject, failingFor, readSample, startSim } from './setup.ts';

/**
 * The behaviour every function built on `gatherClusterSingleton` shares, run against the sample:
 * the `cluster` object of `kind` lands at `path` as the sample has it, without managedFields; a missing
 * object is no error; other API failures fail the function.
 */
export function describeClusterSingleton(name: string, fn: GatheringFunction<any>, kind: string, path: string): void {
  const apiVersion = 'config.openshift.io/v1';
  describe(`clusterconfig/${name}`, () => {
    let sim: KubeSim;
    let kube: KubeClient;
    let connect: (token?: string) => Promise<KubeClient>;
    beforeAll(async () => {
      ({ sim, kube, connect } = await startSim({ fixture: 'sample' }));
    });
    afterAll(async () => {
      await sim.close();
    });

    it(`writes the ${kind} "cluster" of the sample to ${path}`, async () => {
      const out = await gatherFunction(fn, { kube });
      expect(out.records.map((r) => r.path)).toEqual([path]);
      expectSameObject(out.byPath.get(path)!.text, await readSample(path));
      expect(out.errors).toEqual([]);
      expect(out.warnings).toEqual([]);
    });

    it('drops metadata.managedFields', async () => {
      const original = sim.store.get(apiVersion, kind, 'cluster')!;
      sim.store.add({ ...original, metadata: { ...original.metadata, managedFields: [{ manager: 'test', operation: 'Update' }] } });
      try {
        const text = (await gatherFunction(fn, { kube })).byPath.get(path)!.text;
        expect(text).not.toContain('managedFields');
        expect(JSON.parse(text).metadata.uid).toBe(original.metadata.uid);
      } finally {
        sim.store.add(original);
      }
    });

    it('writes nothing and reports no error when the object does not exist', async () => {
      const original = sim.store.get(apiVersion, kind, 'cluster')!;
      sim.store.remove(apiVersion, kind, 'cluster');
      try {
        const out = await gatherFunction(fn, { kube });
        expect(out.records).toEqual([]);
        expect(out.errors).toEqual([]);
      } finally {
        sim.store.add(original);
      }
    });

    it('fails on API errors other than not-found', async () => {
      await expect(gatherFunction(fn, { kube: await connect('not-the-token') })).rejects.toMatchObject({ name: 'KubeApiError', statusCode: 401 });
      await expect(gatherFunction(fn, { kube: failingFor(kube, kind, 500) })).rejects.toMatchObject({ statusCode: 500 });
    });
  });
}
