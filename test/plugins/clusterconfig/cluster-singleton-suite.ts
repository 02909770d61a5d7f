import { describe, expect, it } from 'vitest';
import type { GatheringFunction } from '../../../plugin-api/index.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { expectSameObject, failingFor, readSample, useSampleCluster } from './setup.ts';
import { withoutObject } from './store-helpers.ts';

/**
 * The behaviour every function built on `gatherClusterSingleton` shares, run against the sample:
 * the `cluster` object of `kind` lands at `path` as the sample has it, without managedFields; a missing
 * object is no error; other API failures fail the function.
 */
export function describeClusterSingleton(name: string, fn: GatheringFunction<any>, kind: string, path: string): void {
  const apiVersion = 'config.openshift.io/v1';
  describe(`clusterconfig/${name}`, () => {
    const env = useSampleCluster({ fixture: 'sample' });

    it(`writes the ${kind} "cluster" of the sample to ${path}`, async () => {
      const out = await gatherFunction(fn, { kube: env.kube });
      expect(out.records.map((r) => r.path)).toEqual([path]);
      expectSameObject(out.byPath.get(path)!.text, await readSample(path));
      expect(out.errors).toEqual([]);
      expect(out.warnings).toEqual([]);
    });

    it('drops metadata.managedFields', async () => {
      const original = env.sim.store.get(apiVersion, kind, 'cluster')!;
      env.sim.store.add({ ...original, metadata: { ...original.metadata, managedFields: [{ manager: 'test', operation: 'Update' }] } });
      try {
        const text = (await gatherFunction(fn, { kube: env.kube })).byPath.get(path)!.text;
        expect(text).not.toContain('managedFields');
        expect(JSON.parse(text).metadata.uid).toBe(original.metadata.uid);
      } finally {
        env.sim.store.add(original);
      }
    });

    it('writes nothing and reports no error when the object does not exist', async () => {
      await withoutObject(env.sim, { apiVersion: apiVersion, kind: kind, name: 'cluster' }, async () => {
        const out = await gatherFunction(fn, { kube: env.kube });
        expect(out.records).toEqual([]);
        expect(out.errors).toEqual([]);
      });
    });

    it('fails on API errors other than not-found', async () => {
      await expect(gatherFunction(fn, { kube: await env.connect('not-the-token') })).rejects.toMatchObject({ name: 'KubeApiError', statusCode: 401 });
      await expect(gatherFunction(fn, { kube: failingFor(env.kube, kind, 500) })).rejects.toMatchObject({ statusCode: 500 });
    });
  });
}
