import { describe, expect, it } from 'vitest';
import { DEFAULT_FUNCTION_TIMEOUT_MS, selectFunctions } from '../../../core/runner/selection.ts';
import { fn, loaded } from '../../helpers/run-harness.ts';

const plugins = [
  loaded('alpha', { one: fn(() => []), two: fn(() => [], { timeoutMs: 1234 }) }),
  loaded('beta', { three: fn(() => []) }),
];

describe('selectFunctions (disabledGatherers)', () => {
  it('runs everything when nothing is disabled, with default, declared and configured deadlines', () => {
    const s = selectFunctions({ plugins, disabled: [], functionTimeoutsMs: { 'beta/three': 99 } });
    expect(s.jobs.map((j) => [j.fullName, j.timeoutMs])).toEqual([
      ['alpha/one', DEFAULT_FUNCTION_TIMEOUT_MS], ['alpha/two', 1234], ['beta/three', 99],
    ]);
    expect(s).toMatchObject({ disabled: [], unknown: [], allDisabled: false });
  });

  it('a global timeout overrides declared ones, a per-function one overrides it', () => {
    const s = selectFunctions({ plugins, disabled: [], timeoutMs: 500, functionTimeoutsMs: { 'alpha/one': 7 } });
    expect(s.jobs.map((j) => j.timeoutMs)).toEqual([7, 500, 500]);
  });

  it('"all" (any case) disables everything', () => {
    for (const word of ['all', 'ALL']) {
      const s = selectFunctions({ plugins, disabled: [word] });
      expect(s.allDisabled).toBe(true);
      expect(s.jobs).toEqual([]);
      expect(s.disabled.map((r) => [r.name, r.status])).toEqual([['alpha/one', 'disabled'], ['alpha/two', 'disabled'], ['beta/three', 'disabled']]);
    }
  });

  it('a plugin name disables all its functions; plugin/function disables one', () => {
    const s = selectFunctions({ plugins, disabled: ['alpha', 'beta/three'] });
    expect(s.jobs).toEqual([]);
    expect(s.disabled).toHaveLength(3);
    const one = selectFunctions({ plugins, disabled: ['alpha/two'] });
    expect(one.jobs.map((j) => j.fullName)).toEqual(['alpha/one', 'beta/three']);
    expect(one.disabled.map((r) => r.name)).toEqual(['alpha/two']);
  });

  it('runs a function explicitly enabled inside a disabled plugin (InsightsDataGather v1 Custom), unless "all"', () => {
    const s = selectFunctions({ plugins, disabled: ['alpha'], enabledExceptions: ['alpha/two'] });
    expect(s.jobs.map((j) => j.fullName)).toEqual(['alpha/two', 'beta/three']);
    expect(s.disabled.map((r) => r.name)).toEqual(['alpha/one']);
    expect(selectFunctions({ plugins, disabled: ['all'], enabledExceptions: ['alpha/two'] }).jobs).toEqual([]);
  });

  it('reports names that match nothing instead of ignoring them', () => {
    const s = selectFunctions({ plugins, disabled: ['gamma', 'alpha/nope', 'alpha', ' '] });
    expect(s.unknown).toEqual(['gamma', 'alpha/nope']);
    expect(s.jobs.map((j) => j.fullName)).toEqual(['beta/three']);
  });

  it('reports every function of a not-due plugin skipped, with the reason as a warning', () => {
    const reason = 'alpha runs at most every 12h; last run 2026-11-24T10:00:00Z, next due 2026-11-24T22:00:00Z';
    const s = selectFunctions({ plugins, disabled: [], notDue: new Map([['alpha', reason]]) });
    expect(s.jobs.map((j) => j.fullName)).toEqual(['beta/three']);
    expect(s.disabled).toEqual([]);
    expect(s.skipped).toEqual([
      { name: 'alpha/one', plugin: 'alpha', status: 'skipped', durationMs: 0, recordsCount: 0, errors: [], warnings: [reason], panic: null, startedAtMs: 0 },
      { name: 'alpha/two', plugin: 'alpha', status: 'skipped', durationMs: 0, recordsCount: 0, errors: [], warnings: [reason], panic: null, startedAtMs: 0 },
    ]);
  });

  it('a disabled function of a not-due plugin stays disabled (disabled wins), with no reason', () => {
    const s = selectFunctions({ plugins, disabled: ['alpha/two', 'beta'], notDue: new Map([['alpha', 'not due'], ['beta', 'not due']]) });
    expect(s.jobs).toEqual([]);
    expect(s.disabled.map((r) => [r.name, r.status, r.warnings])).toEqual([['alpha/two', 'disabled', []], ['beta/three', 'disabled', []]]);
    expect(s.skipped.map((r) => [r.name, r.status])).toEqual([['alpha/one', 'skipped']]);
    expect(selectFunctions({ plugins, disabled: ['all'], notDue: new Map([['alpha', 'not due']]) }).skipped).toEqual([]);
  });

  it('a not-due entry naming no loaded plugin changes nothing', () => {
    const s = selectFunctions({ plugins, disabled: [], notDue: new Map([['gamma', 'not due']]) });
    expect(s.jobs).toHaveLength(3);
    expect(s).toMatchObject({ skipped: [], disabled: [], unknown: [] });
  });

  it('passes each plugin its configuration slice', () => {
    const s = selectFunctions({ plugins, disabled: [], pluginConfig: { beta: { depth: 3 } } });
    expect(s.jobs.map((j) => j.config)).toEqual([{}, {}, { depth: 3 }]);
  });
});
