import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatheringFunction } from '../../../plugin-api/index.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeSim } from '../../sim/kube/index.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import type { KubeClient } from '../../../plugin-api/kube.ts';
import { startSim } from './setup.ts';

/**
 * Runs the function against the sample with an identity holding exactly its declared permissions
 * (the simulator enforcing RBAC): it must succeed, report no error and write `expectedPaths`.
 * @param name - the function key, for the test title
 * @param fn - the function
 * @param expectedPaths - archive paths it writes from the sample, or a function finding them
 */
export function describeDeclaredPermissions(
  name: string,
  fn: GatheringFunction<any>,
  expectedPaths: readonly string[] | (() => Promise<readonly string[]>),
): void {
  describe(`clusterconfig/${name} permissions`, () => {
    let sim: KubeSim;
    let connect: (token?: string) => Promise<KubeClient>;
    beforeAll(async () => {
      ({ sim, connect } = await startSim({ fixture: 'sample', rbac: true }));
    });
    afterAll(async () => {
      await sim.close();
    });

    it('needs no permission beyond those it declares', async () => {
      const kube = await connectWithDeclaredPermissions(sim, connect, fn.permissions, `test-${name.replaceAll('_', '-')}`);
      const out = await gatherFunction(fn, { kube });
      expect(out.errors).toEqual([]);
      const expected = typeof expectedPaths === 'function' ? await expectedPaths() : expectedPaths;
      expect(out.records.map((r) => r.path).sort()).toEqual([...expected].sort());
    });
  });
}
