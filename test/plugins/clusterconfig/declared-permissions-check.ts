import { describe, expect, it } from 'vitest';
import type { GatheringFunction } from '../../../plugin-api/index.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { useSampleCluster } from './setup.ts';

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
    const env = useSampleCluster();

    it('needs no permission beyond those it declares', async () => {
      const kube = await connectWithDeclaredPermissions(env.sim, env.connect, fn.permissions, `test-${name.replaceAll('_', '-')}`);
      const out = await gatherFunction(fn, { kube });
      expect(out.errors).toEqual([]);
      const expected = typeof expectedPaths === 'function' ? await expectedPaths() : expectedPaths;
      expect(out.records.map((r) => r.path).sort()).toEqual([...expected].sort());
    });
  });
}
