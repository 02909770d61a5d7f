import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { mergeConfig } from '../../../core/config/merge-config.ts';
import { defaultsFromPodConfig } from '../../../core/config/operator-defaults.ts';
import type { ObservedConfig } from '../../../core/config/config-observer.ts';
import { parseInsightsConfigMap } from '../../../core/config/parse-insights-configmap.ts';
import { GatherService } from '../../../core/gather/gather-service.ts';
import { resolveGatherSettings } from '../../../core/gather/gather-settings.ts';
import type { GatherSettings } from '../../../core/gather/gather-settings.ts';
import { loadPlugins } from '../../../core/loader/plugin-loader.ts';
import { gatherSettingsFor } from '../../../core/operator/gather-settings-for.ts';
import { readArchive } from '../../helpers/read-archive.ts';
import { noKube } from '../../helpers/run-harness.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { writePlugin } from '../../helpers/write-plugin.ts';

// A test-only third-party plugin: DVO-style metrics whose workload names go when the policy says so.
const SOURCE = `import { definePlugin, defineGatheringFunction, record, raw, stripWorkloadNameLabels } from 'insights-operator/plugin-api';
const METRICS = 'deployment_validation_operator_unset_cpu_requirements{kind="Deployment",name="payments-api",namespace="shop-prod",namespace_uid="6c9b",uid="0a1e"} 1\\n';
export default definePlugin({
  name: 'dvo_like',
  functions: {
    metrics: defineGatheringFunction({
      description: 'DVO-style metrics, workload names stripped under workload_names',
      paths: ['config/dvo_metrics'],
      permissions: [],
      gather: (ctx) => [
        record({ name: 'config/dvo_metrics', item: raw(ctx.obfuscation.workloadNames ? stripWorkloadNameLabels(METRICS) : METRICS) }),
        record({ name: 'config/policy', item: raw(JSON.stringify(ctx.obfuscation), 'json') }),
      ],
    }),
  },
});
`;

async function plugins() {
  const root = await tempDir();
  await writePlugin(root, 'dvo_like', { manifest: { pluginApi: '^1.1.0' }, source: SOURCE });
  const empty = await tempDir();
  const result = await loadPlugins({ builtInDir: empty, extraDirs: [root] });
  expect(result.failures).toEqual([]);
  return result;
}

async function gather(settings: GatherSettings): Promise<Map<string, string>> {
  const service = new GatherService({
    plugins: await plugins(),
    kubeSession: () => () => noKube,
    logger: pino({ level: 'silent' }),
    now: () => new Date('2026-11-24T12:00:00Z'),
    resolveService: () => ({ found: false }),
  });
  const outcome = await service.gather(settings);
  return new Map((await readArchive(outcome.archivePath!)).map((f) => [f.name, f.data.toString('utf8')]));
}

const defaults = defaultsFromPodConfig({});
function observed(configMap: string): ObservedConfig {
  const parsed = parseInsightsConfigMap(configMap);
  if (!parsed.ok) throw parsed.error;
  return { config: mergeConfig(defaults, undefined, parsed.config), gathering: { disabled: [], enabledExceptions: [], gatheringDisabled: false, dataPolicy: { networking: false, workloadNames: false } }, problems: [] };
}

describe('the workload_names policy', () => {
  it('reaches the settings from insights-config dataReporting.obfuscation, next to networking', () => {
    const none = gatherSettingsFor({}, observed('dataReporting: {}'), new Map());
    expect(none.obfuscation).toEqual({ networking: false, workloadNames: false });
    const names = gatherSettingsFor({}, observed('dataReporting: {obfuscation: workload_names}'), new Map());
    expect(names.obfuscation).toEqual({ networking: false, workloadNames: true });
    const both = gatherSettingsFor({}, observed('dataReporting: {obfuscation: [networking, workload_names]}'), new Map());
    expect(both.obfuscation).toEqual({ networking: true, workloadNames: true });
    // The file's enableGlobalObfuscation is networking only.
    expect(resolveGatherSettings({ enableGlobalObfuscation: true }).obfuscation).toEqual({ networking: true, workloadNames: false });
    expect(gatherSettingsFor({ enableGlobalObfuscation: true }, observed('dataReporting: {}'), new Map()).obfuscation.networking).toBe(true);
  });

  it('is what a function reads from its context: the same function writes different records with it on and off', async () => {
    const storagePath = await tempDir();
    const base = resolveGatherSettings({}, { storagePath });
    const off = await gather(base);
    const on = await gather({ ...base, obfuscation: { networking: false, workloadNames: true } });

    expect(off.get('config/dvo_metrics')).toContain('name="payments-api"');
    expect(off.get('config/dvo_metrics')).toContain('namespace="shop-prod"');
    expect(JSON.parse(off.get('config/policy.json')!)).toEqual({ networking: false, workloadNames: false });

    expect(on.get('config/dvo_metrics')).toBe('deployment_validation_operator_unset_cpu_requirements{kind="Deployment",namespace_uid="6c9b",uid="0a1e"} 1\n');
    expect(JSON.parse(on.get('config/policy.json')!)).toEqual({ networking: false, workloadNames: true });
    // workload_names is not networking: the archive says no global obfuscation either way.
    expect(JSON.parse(on.get('insights-operator/gathers.json')!).is_global_obfuscation_enabled).toBe(false);
  });
});
