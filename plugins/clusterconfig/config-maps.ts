import { anonymizePemBlocks, defineGatheringFunction, GatherError, json, raw, record } from 'insights-operator/plugin-api';
import type { GatherContext, GatherRecord, KubeObject } from 'insights-operator/plugin-api';
import { goJson } from './go-json.ts';
import { parseGoYaml } from './go-yaml.ts';
import { anonymizedInsightsConfig } from './insights-config.ts';
import { anonymizeInstallConfig } from './install-config.ts';

/** Every ConfigMap of this namespace is collected: it holds the cluster's user-facing configuration. */
const OPENSHIFT_CONFIG = 'openshift-config';
/** Single ConfigMaps elsewhere whose YAML values are recorded as JSON. */
const CONVERTED: ReadonlyArray<readonly [namespace: string, name: string]> = [
  ['openshift-monitoring', 'cluster-monitoring-config'],
  ['openshift-network-operator', 'gateway-mode-config'],
];
const INSIGHTS_CONFIG = ['openshift-insights', 'insights-config'] as const;
const CLUSTER_CONFIG = ['kube-system', 'cluster-config-v1'] as const;

const CONFIG_MAP = { apiVersion: 'v1', kind: 'ConfigMap' };

interface ConfigMap extends KubeObject {
  data?: Record<string, string> | null;
  binaryData?: Record<string, string> | null;
}

/**
 * `clusterconfig/config_maps`: every key of every ConfigMap in `openshift-config` (certificate bodies
 * replaced, binary values base64), the monitoring stack and OVN gateway-mode configuration converted
 * from YAML to JSON, the insights operator's own configuration with its proxy masked, and the
 * install-config anonymized.
 */
export const configMaps = defineGatheringFunction({
  description: 'Every openshift-config ConfigMap key (certificates anonymized), the cluster-monitoring and gateway-mode configs as JSON, the insights-config (proxy masked) and the anonymized install-config.',
  paths: [
    `config/configmaps/${OPENSHIFT_CONFIG}/{name}/{key}`,
    ...CONVERTED.map(([namespace, name]) => `config/configmaps/${namespace}/${name}/{key}.json`),
    `config/configmaps/${INSIGHTS_CONFIG.join('/')}/config.json`,
    `config/configmaps/${CLUSTER_CONFIG.join('/')}/install-config`,
  ],
  permissions: [
    { resource: 'configmaps', verbs: ['list'], namespace: OPENSHIFT_CONFIG },
    ...[...CONVERTED, INSIGHTS_CONFIG, CLUSTER_CONFIG].map(([namespace, name]) => ({ resource: 'configmaps', verbs: ['get'] as const, namespace, resourceNames: [name] })),
  ],
  async *gather(ctx) {
    // Each part is independent, as in the original: a failure is reported and the others still run.
    yield* orReport(ctx, openshiftConfigRecords(ctx));
    for (const [namespace, name] of CONVERTED) yield* orReport(ctx, convertedRecords(ctx, namespace, name));
    yield* orReport(ctx, insightsConfigRecords(ctx));
    yield* orReport(ctx, installConfigRecords(ctx));
  },
});

async function* orReport(ctx: GatherContext<unknown>, records: AsyncIterable<GatherRecord>): AsyncGenerator<GatherRecord> {
  try {
    yield* records;
  } catch (error) {
    if (!(error instanceof GatherError)) throw error;
    ctx.reportError(error);
  }
}

async function* openshiftConfigRecords(ctx: GatherContext<unknown>): AsyncGenerator<GatherRecord> {
  for await (const cm of ctx.kube.list<ConfigMap>(CONFIG_MAP, { namespace: OPENSHIFT_CONFIG })) {
    const dir = `config/configmaps/${cm.metadata?.namespace ?? OPENSHIFT_CONFIG}/${cm.metadata?.name ?? ''}`;
    for (const [key, value] of Object.entries(cm.data ?? {})) {
      yield record({ name: `${dir}/${key}`, item: raw(anonymizePemBlocks(value)) });
    }
    for (const [key, value] of Object.entries(cm.binaryData ?? {})) {
      // Binary values are bytes: latin1 maps each byte to one character and back, so PEM text inside
      // is found and everything else survives unchanged.
      const anonymized = Buffer.from(anonymizePemBlocks(Buffer.from(value, 'base64').toString('latin1')), 'latin1');
      yield record({ name: `${dir}/${key}`, item: raw(anonymized.toString('base64')) });
    }
  }
}

/**
 * The ConfigMap's values converted from YAML to JSON, one record per key (`.yaml` dropped from the
 * key). A value that is not YAML fails the whole ConfigMap, as in the original.
 */
async function* convertedRecords(ctx: GatherContext<unknown>, namespace: string, name: string): AsyncGenerator<GatherRecord> {
  const cm = await ctx.kube.get<ConfigMap>(CONFIG_MAP, name, namespace);
  // Both ConfigMaps are optional: they exist only when an administrator configured the feature.
  if (cm === undefined) return;
  const records: GatherRecord[] = [];
  for (const [key, value] of Object.entries(cm.data ?? {})) {
    // A key that is only `.yaml` keeps its name: an empty file name cannot be recorded.
    const file = key.endsWith('.yaml') && key !== '.yaml' ? key.slice(0, -'.yaml'.length) : key;
    records.push(record({ name: `config/configmaps/${namespace}/${name}/${file}`, item: goJson(parseGoYaml(value)) }));
  }
  yield* records;
}

async function* insightsConfigRecords(ctx: GatherContext<unknown>): AsyncGenerator<GatherRecord> {
  const [namespace, name] = INSIGHTS_CONFIG;
  const cm = await ctx.kube.get<ConfigMap>(CONFIG_MAP, name, namespace);
  // Optional: the operator runs on its defaults without it.
  if (cm === undefined) return;
  const config = anonymizedInsightsConfig(cm.data?.['config.yaml'] ?? '');
  yield record({ name: `config/configmaps/${namespace}/${name}/config`, item: json(config) });
}

async function* installConfigRecords(ctx: GatherContext<unknown>): AsyncGenerator<GatherRecord> {
  const [namespace, name] = CLUSTER_CONFIG;
  const cm = await ctx.kube.get<ConfigMap>(CONFIG_MAP, name, namespace);
  // Absent on clusters not made by the installer (HyperShift hosted control planes).
  if (cm === undefined) return;
  const installConfig = cm.data?.['install-config'];
  // The original records an empty file when the key is missing; so does this.
  yield record({ name: `config/configmaps/${namespace}/${name}/install-config`, item: raw(installConfig === undefined ? '' : anonymizeInstallConfig(installConfig)) });
}
