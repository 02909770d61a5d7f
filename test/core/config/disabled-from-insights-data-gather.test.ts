import { describe, expect, it } from 'vitest';
import { disabledFromInsightsDataGather as read, isFunctionEnabled } from '../../../core/config/disabled-from-insights-data-gather.ts';

const alpha = (disabledGatherers: unknown) => ({
  apiVersion: 'config.openshift.io/v1alpha1', kind: 'InsightsDataGather', spec: { gatherConfig: { disabledGatherers } },
});
const v1 = (gatherers: unknown) => ({ apiVersion: 'config.openshift.io/v1', kind: 'InsightsDataGather', spec: { gatherConfig: { gatherers } } });

describe('disabledFromInsightsDataGather v1alpha1', () => {
  it('passes disabledGatherers through', () => {
    expect(read(alpha(['workloads', 'clusterconfig/nodes']))).toEqual({
      disabled: ['workloads', 'clusterconfig/nodes'], enabledExceptions: [], gatheringDisabled: false,
      dataPolicy: { networking: false, workloadNames: false },
    });
    expect(read(alpha(null)).disabled).toEqual([]);
    expect(read({ apiVersion: 'config.openshift.io/v1alpha1', spec: {} }).gatheringDisabled).toBe(false);
  });
  it.each(['all', 'ALL'])('%s turns gathering off', (all) => {
    expect(read(alpha(['workloads', all]))).toMatchObject({ disabled: ['all'], enabledExceptions: [], gatheringDisabled: true });
  });
});

describe('disabledFromInsightsDataGather v1', () => {
  it('All (or no mode) disables nothing; None everything', () => {
    expect(read(v1({ mode: 'All' })).disabled).toEqual([]);
    expect(read(v1(undefined)).gatheringDisabled).toBe(false);
    expect(read(v1({ mode: 'None' }))).toMatchObject({ disabled: ['all'], enabledExceptions: [], gatheringDisabled: true });
  });

  it('Custom: a disabled gatherer runs only its explicitly enabled functions', () => {
    const selection = read(v1({ mode: 'Custom', custom: { configs: [
      { name: 'clusterconfig', state: 'Disabled' },
      { name: 'clusterconfig/nodes', state: 'Enabled' },
      { name: 'clusterconfig/pods', state: 'Disabled' },
      { name: 'workloads/workload_info', state: 'Disabled' },
      { name: 'conditional', state: 'Enabled' },
      { name: 'conditional/rules', state: 'Enabled' },
    ] } }));
    expect(selection).toEqual({
      disabled: ['clusterconfig', 'workloads/workload_info'], enabledExceptions: ['clusterconfig/nodes'], gatheringDisabled: false,
      dataPolicy: { networking: false, workloadNames: false },
    });
    expect(isFunctionEnabled(selection, 'clusterconfig', 'nodes')).toBe(true);
    expect(isFunctionEnabled(selection, 'clusterconfig', 'pods')).toBe(false);
    expect(isFunctionEnabled(selection, 'clusterconfig', 'version')).toBe(false);
    expect(isFunctionEnabled(selection, 'workloads', 'workload_info')).toBe(false);
    expect(isFunctionEnabled(selection, 'workloads', 'other')).toBe(true);
    expect(isFunctionEnabled(selection, 'conditional', 'rules')).toBe(true);
    expect(isFunctionEnabled(read(v1({ mode: 'None' })), 'clusterconfig', 'nodes')).toBe(false);
  });

  it('Custom without configs disables nothing', () => {
    expect(read(v1({ mode: 'Custom', custom: { configs: [] } })).disabled).toEqual([]);
  });

  it.each([
    [v1({ mode: 'Sometimes' }), 'must be one of'],
    [v1({ mode: 'Custom', custom: { configs: [{ name: 'Bad Name', state: 'Enabled' }] } }), 'pattern'],
    [v1({ mode: 'Custom', custom: { configs: [{ name: 'clusterconfig', state: 'Off' }] } }), 'must be one of'],
    [alpha('workloads'), 'must be array'],
    [{ apiVersion: 'config.openshift.io/v2' }, 'apiVersion'],
    [null, 'apiVersion'],
  ])('rejects %j naming the object', (obj, why) => {
    expect(() => read(obj)).toThrow(/insightsdatagather\.config\.openshift\.io\/cluster is invalid/);
    expect(() => read(obj)).toThrow(why);
  });
});

describe('disabledFromInsightsDataGather: the data policy', () => {
  it('v1alpha1 ObfuscateNetworking turns networking obfuscation on; None and absent leave it off', () => {
    const policy = (dataPolicy?: string) => read({ apiVersion: 'config.openshift.io/v1alpha1', spec: { gatherConfig: { dataPolicy } } }).dataPolicy;
    expect(policy('ObfuscateNetworking')).toEqual({ networking: true, workloadNames: false });
    expect(policy('None')).toEqual({ networking: false, workloadNames: false });
    expect(policy()).toEqual({ networking: false, workloadNames: false });
  });

  it('v1 takes a list of ObfuscateNetworking and WorkloadNames, in every gatherers mode, and rejects other values', () => {
    const obj = (dataPolicy: unknown, mode = 'All') => ({ apiVersion: 'config.openshift.io/v1', spec: { gatherConfig: { dataPolicy, gatherers: { mode } } } });
    expect(read(obj(['WorkloadNames'])).dataPolicy).toEqual({ networking: false, workloadNames: true });
    expect(read(obj(['ObfuscateNetworking', 'WorkloadNames'], 'Custom')).dataPolicy).toEqual({ networking: true, workloadNames: true });
    expect(read(obj(['ObfuscateNetworking'], 'None')).dataPolicy).toEqual({ networking: true, workloadNames: false });
    expect(() => read(obj(['Everything']))).toThrow(/insightsdatagather.config.openshift.io\/cluster is invalid/);
  });
});
