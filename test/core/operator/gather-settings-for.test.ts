import { describe, expect, it } from 'vitest';
import type { ObservedConfig } from '../../../core/config/config-observer.ts';
import { mergeConfig } from '../../../core/config/merge-config.ts';
import { defaultsFromPodConfig } from '../../../core/config/operator-defaults.ts';
import { gatherSettingsFor } from '../../../core/operator/gather-settings-for.ts';

function observed(obfuscation: Array<'networking' | 'workload_names'>, dataPolicy = { networking: false, workloadNames: false }): ObservedConfig {
  const config = mergeConfig(defaultsFromPodConfig({ storagePath: '/data' }), undefined, {
    dataReporting: { intervalMs: 0, uploadEndpoint: '', downloadEndpoint: '', downloadEndpointTechPreview: '', storagePath: '', conditionalGathererEndpoint: '', processingStatusEndpoint: '', obfuscation, disableRuntimeExtractor: false },
    alerting: { disabled: false }, sca: { disabled: false, intervalMs: 0, endpoint: '' }, clusterTransfer: { intervalMs: 0, endpoint: '' },
    proxy: { httpProxy: '', httpsProxy: '', noProxy: '' },
  });
  return { config, gathering: { disabled: ['clusterconfig/nodes'], enabledExceptions: [], gatheringDisabled: false, dataPolicy }, problems: [] };
}

describe('gatherSettingsFor', () => {
  it('turns obfuscation on from insights-config, from the InsightsDataGather data policy, or from the file', () => {
    const none = new Map<string, string>();
    expect(gatherSettingsFor({}, observed([]), none).obfuscation).toEqual({ networking: false, workloadNames: false });
    expect(gatherSettingsFor({}, observed(['workload_names']), none).obfuscation).toEqual({ networking: false, workloadNames: true });
    expect(gatherSettingsFor({}, observed([], { networking: true, workloadNames: false }), none).obfuscation).toEqual({ networking: true, workloadNames: false });
    expect(gatherSettingsFor({}, observed([], { networking: false, workloadNames: true }), none).obfuscation).toEqual({ networking: false, workloadNames: true });
    expect(gatherSettingsFor({ enableGlobalObfuscation: true }, observed([]), none).obfuscation).toEqual({ networking: true, workloadNames: false });
  });

  it('adds the cluster disabled gatherers to the file ones and takes the storage path of the merged configuration', () => {
    const settings = gatherSettingsFor({ disabledGatherers: ['workloads'] }, observed([]), new Map([['slow', 'not due']]));
    expect(settings.disabled).toEqual(['workloads', 'clusterconfig/nodes']);
    expect(settings.storagePath).toBe('/data');
    expect([...settings.notDue.keys()]).toEqual(['slow']);
  });
});
