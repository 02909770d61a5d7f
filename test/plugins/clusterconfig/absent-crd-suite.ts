/**
 * The add-on functions (ODF, Loki, logging, tracing, NMState, NFD, cost management) read custom
 * resources whose CRDs only exist when their operator is installed. These tests show that a cluster
 * without the CRD, and a cluster with nothing at all, give no records and no error.
 */
import { expect, it } from 'vitest';
import type { GatheringFunction } from '../../../plugin-api/index.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeSim } from '../../sim/kube/index.ts';
import { startSim } from './setup.ts';
import type { SimEnv } from './setup.ts';

/**
 * Runs `body` while the simulator serves no version of `group`/`kind`, as a cluster without the
 * operator's CRD: discovery omits it and its REST paths answer 404. The types are served again after.
 */
export async function withoutServedKind<T>(sim: KubeSim, group: string, kind: string, body: () => Promise<T>): Promise<T> {
  const registry = sim.store.registry;
  const types = registry.types.filter((t) => t.group === group && t.kind === kind);
  if (types.length === 0) throw new Error(`withoutServedKind: the simulator does not serve ${group} ${kind}`);
  for (const type of types) registry.unregister(type);
  try {
    return await body();
  } finally {
    for (const type of types) registry.register(type);
  }
}

/**
 * Adds, to the current describe block, the tests of a function whose kind comes from an optional
 * operator: without the CRD and on an empty cluster it writes nothing and reports nothing.
 * @param env - the block's simulator (from useSampleCluster)
 * @param fn - the function
 * @param group - API group of the kind it reads
 * @param kind - the kind
 */
export function describeOptionalKind(env: SimEnv, fn: GatheringFunction<any>, group: string, kind: string): void {
  it(`writes nothing and reports no error when the ${kind} CRD is not installed`, async () => {
    // A new client: the block's client has the type in its discovery cache already.
    const kube = await env.connect();
    const before = env.sim.requests.length;
    const out = await withoutServedKind(env.sim, group, kind, () => gatherFunction(fn, { kube }));
    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([]);
    expect(out.warnings).toEqual([]);
    // Discovery said the type is not served, so no list was even tried (`/apis/{group}/{version}` is discovery).
    expect(env.sim.requests.slice(before).filter((r) => r.path.startsWith(`/apis/${group}/`) && r.path.split('/').length > 4)).toEqual([]);
    // With the CRD back, a new client finds the sample's objects again: the test above is not vacuous.
    const again = await gatherFunction(fn, { kube: await env.connect() });
    expect(again.records.length).toBeGreaterThan(0);
  });

  it('writes nothing and reports no error on an empty cluster', async () => {
    const empty = await startSim({});
    try {
      const out = await gatherFunction(fn, { kube: empty.kube });
      expect(out.records).toEqual([]);
      expect(out.errors).toEqual([]);
      expect(out.warnings).toEqual([]);
    } finally {
      await empty.sim.close();
    }
  });
}
