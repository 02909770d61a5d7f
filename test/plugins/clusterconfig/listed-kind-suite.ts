import { describe, expect, it } from 'vitest';
import type { GatheringFunction } from '../../../plugin-api/index.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { expectSameObject, failingFor, readSample, sampleFiles, useSampleCluster } from './setup.ts';
import type { SimEnv } from './setup.ts';
import { requestsTo, withoutObjects } from './store-helpers.ts';

/**
 * The sample object under the name its path gives it: the sample was stitched from several clusters
 * and some files hold another object of the same kind (`machineconfigpools/master.json` holds the
 * worker pool); the simulator serves each file under its path's name.
 */
export function namedByPath(sample: Record<string, unknown>, path: string): Record<string, unknown> {
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.json$/, '');
  return { ...sample, metadata: { ...(sample.metadata as Record<string, unknown>), name } };
}

export interface ListedKindOptions {
  /** The function key, `clusterconfig/<key>`. */
  key: string;
  fn: GatheringFunction<any>;
  apiVersion: string;
  kind: string;
  /** REST path of the cluster-wide list, for example `/apis/machine.openshift.io/v1beta1/machines`. */
  listPath: string;
  /** Sample folder whose `.json` files the function must reproduce (recursively). */
  sampleDir: string;
  /**
   * The content expected for a sample file: the sample itself by default. Used where the sample
   * predates a change of the original or the simulator serves it differently.
   */
  expected?: (sample: Record<string, unknown>, path: string) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Further tests, in the same describe block and simulator. */
  more?: (env: SimEnv) => void;
}

/**
 * The behaviour every function that lists one kind and records each object shares: the sample's files
 * at the sample's paths, without managedFields; the list is paged; no objects, no records and no
 * error; an API failure fails the function; the declared permissions are enough.
 */
export function describeListedKind(options: ListedKindOptions): void {
  const { fn, apiVersion, kind } = options;
  describe(`clusterconfig/${options.key}`, () => {
    const env = useSampleCluster();

    it(`writes each ${kind} of the sample at its sample path, with the sample's content`, async () => {
      const expected = await sampleFiles(options.sampleDir, { recursive: true });
      expect(expected.length).toBeGreaterThan(0);
      const out = await gatherFunction(fn, { kube: env.kube });
      expect(out.records.map((r) => r.path).sort()).toEqual(expected);
      for (const path of expected) {
        const sample = await readSample(path);
        expectSameObject(out.byPath.get(path)!.text, await (options.expected?.(sample, path) ?? sample));
      }
      expect(out.errors).toEqual([]);
    });

    it('drops metadata.managedFields', async () => {
      const original = env.sim.store.list(apiVersion, kind)[0]!;
      env.sim.store.add({ ...original, metadata: { ...original.metadata, managedFields: [{ manager: 'canary-manager', operation: 'Update' }] } });
      try {
        const out = await gatherFunction(fn, { kube: env.kube });
        expect(out.records.length).toBeGreaterThan(0);
        for (const r of out.records) expect(r.text).not.toContain('canary-manager');
      } finally {
        env.sim.store.add(original);
      }
    });

    it('lists through the paged list API', async () => {
      const before = env.sim.requests.length;
      await gatherFunction(fn, { kube: env.kube });
      const lists = requestsTo(env.sim, before, options.listPath);
      expect(lists).toHaveLength(1);
      expect(lists[0]!.query).toContain('limit=');
    });

    it(`writes nothing and reports no error when there is no ${kind}`, async () => {
      const out = await withoutObjects(env.sim, apiVersion, kind, () => gatherFunction(fn, { kube: env.kube }));
      expect(out.records).toEqual([]);
      expect(out.errors).toEqual([]);
    });

    it('fails when the list fails', async () => {
      await expect(gatherFunction(fn, { kube: failingFor(env.kube, kind, 403) })).rejects.toMatchObject({ statusCode: 403 });
      await expect(gatherFunction(fn, { kube: failingFor(env.kube, kind, 500) })).rejects.toMatchObject({ statusCode: 500 });
    });

    it('needs no permission beyond those it declares', async () => {
      const kube = await connectWithDeclaredPermissions(env.sim, env.connect, fn.permissions, `test-${options.key.replaceAll('_', '-')}`);
      const out = await gatherFunction(fn, { kube });
      expect(out.errors).toEqual([]);
      expect(out.records.map((r) => r.path).sort()).toEqual((await gatherFunction(fn, { kube: env.kube })).records.map((r) => r.path).sort());
      // Without any binding the same function is refused: the check above is not vacuous.
      const unbound = await env.connect(env.sim.serviceAccountToken('openshift-insights', `unbound-${options.key.replaceAll('_', '-')}`));
      await expect(gatherFunction(fn, { kube: unbound })).rejects.toMatchObject({ statusCode: 403 });
    });

    options.more?.(env);
  });
}
