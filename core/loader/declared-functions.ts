import type { GatheringFunction } from '../../plugin-api/define-gathering-function.ts';
import type { Plugin } from '../../plugin-api/define-plugin.ts';
import { PLANNER_REPORT_NAME } from '../../plugin-api/planner.ts';

/** What a plugin declares for one thing the core may run on its behalf. */
export interface DeclaredFunction {
  /** The key: a function name, or `plan` for the planner. */
  name: string;
  /** `<plugin>/<name>`. */
  fullName: string;
  /** `function` runs every gather; `planned` when the planner calls it; `planner` decides the calls. */
  kind: 'function' | 'planned' | 'planner';
  declaration: Pick<GatheringFunction<any>, 'description' | 'paths' | 'permissions' | 'services' | 'timeoutMs'>;
}

/**
 * Everything a plugin declares that RBAC, the documentation and the checks must account for: its
 * functions, its planned functions and its planner (which has permissions and services but writes no
 * path), in that order.
 */
export function declaredFunctions(plugin: Plugin): DeclaredFunction[] {
  const entries: DeclaredFunction[] = [];
  for (const [name, fn] of Object.entries(plugin.functions)) {
    entries.push({ name, fullName: `${plugin.name}/${name}`, kind: 'function', declaration: fn });
  }
  for (const [name, fn] of Object.entries(plugin.plannedFunctions ?? {})) {
    entries.push({ name, fullName: `${plugin.name}/${name}`, kind: 'planned', declaration: fn });
  }
  if (plugin.planner !== undefined) {
    entries.push({
      name: PLANNER_REPORT_NAME, fullName: `${plugin.name}/${PLANNER_REPORT_NAME}`, kind: 'planner',
      declaration: { ...plugin.planner, paths: [] },
    });
  }
  return entries;
}
