/**
 * Throwaway plugins for the kit's own tests: one correct plugin, and a base that each mistake test
 * changes in one place.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { coreServices, defineGatheringFunction, definePlugin, json, raw, record } from 'insights-operator/plugin-api';
import type { GatheringFunction, GatheringFunctionSpec, Plugin, ServiceRef } from 'insights-operator/plugin-api';

/** The namespace the kit tests' objects live in. */
export const KIT_NS = 'kit-test';

/** Objects the correct plugin gathers: a Namespace and two ConfigMaps. */
export const KIT_OBJECTS: readonly object[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: KIT_NS } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'alpha', namespace: KIT_NS }, data: { colour: 'blue' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'beta', namespace: KIT_NS }, data: { colour: 'green' } },
];

/** Lists the ConfigMaps of {@link KIT_NS}, one JSON record each; declared correctly. */
export function configMapsFunction(overrides: Partial<GatheringFunctionSpec<Record<string, never>>> = {}): GatheringFunction<any> {
  return defineGatheringFunction({
    description: 'ConfigMaps of the kit-test namespace',
    paths: ['kit/configmaps/{namespace}/{name}.json'],
    permissions: [{ resource: 'configmaps', verbs: ['list'], namespace: KIT_NS }],
    async *gather(ctx) {
      for await (const cm of ctx.kube.list({ apiVersion: 'v1', kind: 'ConfigMap' }, { namespace: KIT_NS })) {
        yield record({ name: `kit/configmaps/${KIT_NS}/${cm.metadata?.name}`, item: json({ name: cm.metadata?.name, data: cm['data'] }) });
      }
    },
    ...overrides,
  });
}

/** Writes the time of the injected clock; no cluster access. */
export function stampFunction(): GatheringFunction<{ clock: ServiceRef<{ now(): Date }> }> {
  return defineGatheringFunction({
    description: 'The gather time, from the injected clock',
    paths: ['kit/stamp.json'],
    permissions: [],
    services: { clock: coreServices.clock },
    gather: (ctx) => [record({ name: 'kit/stamp', item: json({ at: ctx.services.clock.now().toISOString() }) })],
  });
}

/** A plugin that honours every rule of the contract. */
export function goodPlugin(name = 'kit_good'): Plugin {
  return definePlugin({ name, functions: { config_maps: configMapsFunction(), stamp: stampFunction() } });
}

/** Source of the correct plugin as a folder's entry file. */
export function goodPluginSource(name: string, functionsBody?: string): string {
  return `import { definePlugin, defineGatheringFunction, record, json } from 'insights-operator/plugin-api';
const configMaps = defineGatheringFunction({
  description: 'ConfigMaps of the kit-test namespace',
  paths: ['kit/configmaps/{namespace}/{name}.json'],
  permissions: [{ resource: 'configmaps', verbs: ['list'], namespace: '${KIT_NS}' }],
  async *gather(ctx) {
    for await (const cm of ctx.kube.list({ apiVersion: 'v1', kind: 'ConfigMap' }, { namespace: '${KIT_NS}' })) {
      yield record({ name: 'kit/configmaps/${KIT_NS}/' + cm.metadata?.name, item: json({ name: cm.metadata?.name }) });
    }
  },
});
const other = defineGatheringFunction({
  description: 'A constant',
  paths: ['kit/other.json'],
  permissions: [],
  gather: () => [record({ name: 'kit/other', item: json({ other: true }) })],
});
export default definePlugin({
  name: '${name}',
  functions: ${functionsBody ?? `{
    config_maps: configMaps,
    other,
  }`},
});
`;
}

/**
 * How long the slow functions wait: past the kit's 300 ms abort-run deadline plus the bound the tests
 * use ({@link TEST_ABORT_BOUND_MS}) with room to spare, short enough for the normal runs.
 */
export const SLOW_MS = 1_000;
/** The abort bound the kit's tests pass. */
export const TEST_ABORT_BOUND_MS = 400;

/** A function that waits without looking at its signal. */
export function ignoresAbortFunction(): GatheringFunction<any> {
  return defineGatheringFunction({
    description: 'Sleeps, ignoring its AbortSignal',
    paths: ['kit/slow.json'],
    permissions: [],
    async gather() {
      await sleep(SLOW_MS, undefined, { ref: false });
      return [record({ name: 'kit/slow', item: json({}) })];
    },
  });
}

/** A function that waits but stops when its signal is aborted. */
export function honoursAbortFunction(): GatheringFunction<any> {
  return defineGatheringFunction({
    description: 'Sleeps, stopping when aborted',
    paths: ['kit/slow.json'],
    permissions: [],
    async gather(ctx) {
      await sleep(SLOW_MS, undefined, { signal: ctx.signal, ref: false });
      return [record({ name: 'kit/slow', item: raw('{}', 'json') })];
    },
  });
}
