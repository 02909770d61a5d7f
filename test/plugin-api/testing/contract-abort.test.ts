import { describe, expect, it } from 'vitest';
import { definePlugin } from 'insights-operator/plugin-api';
import { checkPluginContract, expectPluginContract, formatFailure, PluginContractError } from 'insights-operator/plugin-api/testing';
import { configMapsFunction, honoursAbortFunction, ignoresAbortFunction, KIT_NS, KIT_OBJECTS, stampFunction, TEST_ABORT_BOUND_MS } from './kit-plugins.ts';

const IGNORED = `ignores its AbortSignal: still running ${TEST_ABORT_BOUND_MS} ms after the signal was aborted at its deadline`;

describe('expectPluginContract: the AbortSignal', () => {
  it('passes functions that stop when aborted, including ones waiting on a slow cluster', async () => {
    const plugin = definePlugin({ name: 'kit_polite', functions: { config_maps: configMapsFunction(), slow: honoursAbortFunction() } });
    const { failures } = await checkPluginContract(plugin, { objects: KIT_OBJECTS, abortBoundMs: TEST_ABORT_BOUND_MS });
    expect(failures.map(formatFailure)).toEqual([]);
  });

  it('reports a function that keeps running after its signal was aborted', async () => {
    const plugin = definePlugin({ name: 'kit_deaf', functions: { slow: ignoresAbortFunction(), stamp: stampFunction() } });
    const { failures } = await checkPluginContract(plugin, { abortBoundMs: TEST_ABORT_BOUND_MS });
    expect(failures.map(formatFailure)).toEqual([`kit_deaf/slow: ${IGNORED}`]);
  });

  it('throws one PluginContractError listing every failure', async () => {
    const plugin = definePlugin({
      name: 'kit_many',
      functions: {
        config_maps: configMapsFunction({ permissions: [] }),
        slow: ignoresAbortFunction(),
      },
    });
    const error = await expectPluginContract(plugin, { objects: KIT_OBJECTS, abortBoundMs: TEST_ABORT_BOUND_MS }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PluginContractError);
    const { message, failures } = error as PluginContractError;
    expect(failures.map((f) => `${f.plugin}/${f.fn}`)).toEqual(['kit_many/config_maps', 'kit_many/slow']);
    expect(message.split('\n')).toEqual([
      'plugin "kit_many" breaks the plugin contract (2 problems):',
      `  kit_many/config_maps: makes a request its declared permissions do not cover (403): list configmaps in namespace ${KIT_NS}`,
      `  kit_many/slow: ${IGNORED}`,
    ]);
  });
});
