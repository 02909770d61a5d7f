import { describe, expect, it } from 'vitest';
import { definePlugin } from '../../../plugin-api/index.ts';
import type { LoadedPlugin } from '../../../core/loader/loaded-plugin.ts';
import { PluginPeriods } from '../../../core/scheduler/plugin-periods.ts';
import { fn } from '../../helpers/run-harness.ts';

function plugin(name: string, period?: string): LoadedPlugin {
  return {
    plugin: definePlugin({ name, ...(period === undefined ? {} : { period }), functions: { one: fn(() => []) } }),
    manifest: { name, version: '1.0.0', pluginApi: '^1.0.0', entry: 'index.ts' },
    directory: `/virtual/${name}`,
    builtIn: false,
  };
}

const workloads = plugin('workloads', '12h');
const clusterconfig = plugin('clusterconfig');
const plugins = [clusterconfig, workloads];
const at = (iso: string) => new Date(iso);

describe('PluginPeriods', () => {
  it('a plugin never run is due, even with a period', () => {
    expect(new PluginPeriods().notDue(plugins, at('2026-11-24T10:00:00Z'))).toEqual(new Map());
  });

  it('a plugin with a period is not due until one period after its last run, with a reason saying when', () => {
    const periods = new PluginPeriods();
    periods.markRan('workloads', at('2026-11-24T10:00:00Z'));
    periods.markRan('clusterconfig', at('2026-11-24T10:00:00Z'));
    const reason = 'workloads runs at most every 12h; last run 2026-11-24T10:00:00Z, next due 2026-11-24T22:00:00Z';
    expect(periods.notDue(plugins, at('2026-11-24T10:00:00Z'))).toEqual(new Map([['workloads', reason]]));
    expect(periods.notDue(plugins, at('2026-11-24T21:59:59.999Z'))).toEqual(new Map([['workloads', reason]]));
    // Due exactly one period later, as the original's "now equal or after".
    expect(periods.notDue(plugins, at('2026-11-24T22:00:00Z'))).toEqual(new Map());
    expect(periods.notDue(plugins, at('2026-11-25T09:00:00Z'))).toEqual(new Map());
  });

  it('counts from the latest markRan', () => {
    const periods = new PluginPeriods();
    periods.markRan('workloads', at('2026-11-24T10:00:00Z'));
    periods.markRan('workloads', at('2026-11-24T23:00:00Z'));
    expect(periods.notDue(plugins, at('2026-11-25T00:00:00Z')).get('workloads')).toMatch(/next due 2026-11-25T11:00:00Z$/);
  });

  it('keeps its own copy of the time it was given', () => {
    const periods = new PluginPeriods();
    const when = at('2026-11-24T10:00:00Z');
    periods.markRan('workloads', when);
    when.setTime(0);
    expect(periods.notDue(plugins, at('2026-11-24T12:00:00Z')).has('workloads')).toBe(true);
  });

  it('parses compound periods, and a zero period throttles nothing', () => {
    const periods = new PluginPeriods();
    const odd = [plugin('compound', '1h30m'), plugin('zero', '0h')];
    periods.markRan('compound', at('2026-11-24T10:00:00Z'));
    periods.markRan('zero', at('2026-11-24T10:00:00Z'));
    expect([...periods.notDue(odd, at('2026-11-24T11:29:00Z')).keys()]).toEqual(['compound']);
    expect(periods.notDue(odd, at('2026-11-24T11:30:00Z'))).toEqual(new Map());
  });
});
