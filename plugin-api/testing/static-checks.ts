import { join, resolve } from 'node:path';
import { readManifest } from '../../core/loader/manifest.ts';
import { nameProblem } from '../names.ts';
import type { Plugin } from '../define-plugin.ts';
import { declaredPathProblem } from './declared-paths.ts';
import { duplicateFunctionNames } from './duplicate-function-names.ts';
import { builtInPluginNames } from './plugin-under-test.ts';
import type { PluginUnderTest } from './plugin-under-test.ts';

/** One contract failure: `<plugin>/<function>: <reason>`, with `*` for the plugin as a whole. */
export interface ContractFailure {
  plugin: string;
  fn: string;
  reason: string;
}

/**
 * The checks that need no cluster: names valid and not taken by a built-in plugin, no function name
 * written twice in the entry (folders only), declared paths relative and without `..`, and the folder
 * loading through the real loader (manifest, API range, default export).
 * @param underTest - the plugin as loaded
 * @param folder - the folder it came from, when it came from one
 */
export async function staticChecks(underTest: PluginUnderTest, folder: string | undefined): Promise<ContractFailure[]> {
  const failures: ContractFailure[] = [];
  const fail = (fn: string, reason: string) => failures.push({ plugin: underTest.name, fn, reason });
  if (folder !== undefined) {
    const entry = await entryFile(folder);
    if (entry !== undefined) {
      for (const name of await duplicateFunctionNames(entry).catch((): string[] => [])) {
        fail(name, `the function name "${name}" is written twice in the functions of ${entry}; only the last one would run`);
      }
    }
  }
  if (underTest.loaded === undefined) {
    fail('*', `does not load through the real loader: ${underTest.failure?.reason ?? 'unknown reason'}`);
    return failures;
  }
  const plugin: Plugin = underTest.loaded.plugin;
  const problem = nameProblem(plugin.name);
  if (problem !== undefined) fail('*', `plugin name ${problem}`);
  if ((await builtInPluginNames()).has(plugin.name)) {
    fail('*', `plugin name "${plugin.name}" is taken by a built-in plugin; the loader would refuse it next to the built-ins`);
  }
  for (const [name, fn] of [...Object.entries(plugin.functions), ...Object.entries(plugin.plannedFunctions ?? {})]) {
    const fnProblem = nameProblem(name);
    if (fnProblem !== undefined) fail(name, `function name ${fnProblem}`);
    for (const path of fn.paths) {
      const pathProblem = declaredPathProblem(path);
      if (pathProblem !== undefined) fail(name, pathProblem);
    }
  }
  return failures;
}

async function entryFile(folder: string): Promise<string | undefined> {
  try {
    const manifest = await readManifest(resolve(folder));
    return join(resolve(folder), manifest.entry);
  } catch {
    return undefined; // the loader's own failure says why
  }
}
