import { defineGatheringFunction, json, KubeApiError, record, resource } from 'insights-operator/plugin-api';
import type { GatherContext, KubeObject } from 'insights-operator/plugin-api';

const MCO_API = 'machineconfiguration.openshift.io/v1';

/** Node annotations through which the machine-config daemon names the rendered config a node runs and the one it moves to. */
const NODE_CONFIG_ANNOTATIONS = ['machineconfiguration.openshift.io/currentConfig', 'machineconfiguration.openshift.io/desiredConfig'] as const;

/** Annotation added to each recorded MachineConfig: its size in bytes before anything was removed. */
const SIZE_ANNOTATION = 'insights.operator.openshift.io/cr-size';

/**
 * Ignition sections removed from the recorded MachineConfigs: file contents (which can hold
 * credentials, certificates and keys) and user accounts (names, SSH keys, password hashes).
 */
const REMOVED_SECTIONS: ReadonlyArray<readonly string[]> = [
  ['spec', 'config', 'storage', 'files'],
  ['spec', 'config', 'passwd', 'users'],
];

interface MachineConfigPool extends KubeObject {
  spec?: { configuration?: { name?: string } };
  status?: { configuration?: { name?: string } };
}

/**
 * `clusterconfig/machine_configs`: the MachineConfigs in use — referenced by a MachineConfigPool or by a
 * node's current/desired config annotation — without file contents and users, and the number of the
 * others.
 */
export const machineConfigs = defineGatheringFunction({
  description: 'MachineConfigs in use by a pool or a node (file contents and users removed, original size annotated), and how many are unused.',
  paths: ['config/machineconfigs/{name}.json', 'aggregated/unused_machine_configs_count.json'],
  permissions: [
    { group: 'machineconfiguration.openshift.io', resource: 'machineconfigpools', verbs: ['list'] },
    { resource: 'nodes', verbs: ['list'] },
    { group: 'machineconfiguration.openshift.io', resource: 'machineconfigs', verbs: ['list'] },
  ],
  async *gather(ctx) {
    const inUse = await inUseMachineConfigs(ctx);
    let unused = 0;
    let failed = false;
    for await (const config of ctx.kube.list({ apiVersion: MCO_API, kind: 'MachineConfig' })) {
      const name = config.metadata?.name ?? '';
      // Without the set of used configs (it could not be read), every config is recorded.
      if (inUse.size > 0 && !inUse.has(name)) {
        unused++;
        continue;
      }
      const { object, problems } = stripped(config);
      for (const problem of problems) ctx.reportError(`machineconfig ${name}: ${problem}`);
      failed ||= problems.length > 0;
      yield record({ name: `config/machineconfigs/${name}`, item: resource(object) });
    }
    // The original leaves the count out when a config could not be stripped.
    if (!failed) yield record({ name: 'aggregated/unused_machine_configs_count', item: json({ unused_machineconfigs_count: unused }) });
  },
});

/**
 * Names of the MachineConfigs in use: each pool's configuration (spec and status) and each node's
 * current and desired config. An API failure is reported and yields an empty set, which makes the
 * function record every config, as the original does.
 */
async function inUseMachineConfigs(ctx: GatherContext<unknown>): Promise<Set<string>> {
  const names = new Set<string>();
  try {
    for await (const pool of ctx.kube.list<MachineConfigPool>({ apiVersion: MCO_API, kind: 'MachineConfigPool' })) {
      // Empty names count as members, as in the original: a pool that has not rendered yet still makes
      // the set non-empty.
      names.add(pool.status?.configuration?.name ?? '');
      names.add(pool.spec?.configuration?.name ?? '');
    }
    for await (const node of ctx.kube.list({ apiVersion: 'v1', kind: 'Node' })) {
      for (const key of NODE_CONFIG_ANNOTATIONS) {
        const value = node.metadata?.annotations?.[key];
        if (value !== undefined) names.add(value);
      }
    }
  } catch (error) {
    if (!(error instanceof KubeApiError)) throw error;
    ctx.reportError(error);
    return new Set();
  }
  return names;
}

/**
 * The config to record: annotated with its size as served, with {@link REMOVED_SECTIONS} set to null.
 * Like the original's nested setter, missing parents are created (so both keys always appear) and a
 * parent that is not an object is a problem, reported while the rest is still recorded.
 */
function stripped(config: KubeObject): { object: KubeObject; problems: string[] } {
  const object = structuredClone(config);
  const size = goJsonLength(config);
  object.metadata = { ...object.metadata, annotations: { ...object.metadata?.annotations, [SIZE_ANNOTATION]: String(size) } };
  const problems: string[] = [];
  for (const path of REMOVED_SECTIONS) {
    const problem = setNull(object, path);
    if (problem !== undefined) problems.push(problem);
  }
  return { object, problems };
}

/** Sets the value at `path` to null, creating missing parent objects; a problem when a parent is not an object. */
function setNull(object: Record<string, unknown>, path: readonly string[]): string | undefined {
  let parent = object;
  for (const [i, key] of path.slice(0, -1).entries()) {
    if (!(key in parent)) parent[key] = {};
    const child = parent[key];
    if (typeof child !== 'object' || child === null || Array.isArray(child)) {
      return `value cannot be set because .${path.slice(0, i + 1).join('.')} is not a map[string]interface{}`;
    }
    parent = child as Record<string, unknown>;
  }
  parent[path.at(-1)!] = null;
  return undefined;
}

/**
 * The length in bytes of the object as Go's `encoding/json` writes it, which is the size the original
 * annotates. It is JavaScript's compact JSON except that Go escapes `<`, `>` and `&` as `\u003c`…
 * (6 bytes instead of 1) and U+2028/U+2029 as `\u2028` (6 bytes instead of 3). Key order does not
 * change the length.
 */
function goJsonLength(value: unknown): number {
  const text = JSON.stringify(value);
  const extra = 5 * (text.match(/[<>&]/g)?.length ?? 0) + 3 * (text.match(/[\u2028\u2029]/g)?.length ?? 0);
  return Buffer.byteLength(text, 'utf8') + extra;
}
