import { describe, expect, it } from 'vitest';
import type { ObservedConfig } from '../../../core/config/config-observer.ts';
import { mergeConfig } from '../../../core/config/merge-config.ts';
import { defaultsFromPodConfig } from '../../../core/config/operator-defaults.ts';
import { changedObservedFields, sameObservedConfig } from '../../../core/config/same-observed-config.ts';
import { Token } from '../../../core/config/token.ts';

const defaults = defaultsFromPodConfig({});
const observed = (token?: Token, over: Partial<ObservedConfig> = {}): ObservedConfig => ({
  config: mergeConfig(defaults, undefined, undefined, token),
  gathering: { disabled: [], enabledExceptions: [], gatheringDisabled: false, dataPolicy: { networking: false, workloadNames: false } },
  problems: [],
  ...over,
});

describe('sameObservedConfig', () => {
  it('compares tokens by value, which a plain deep compare cannot see', () => {
    expect(sameObservedConfig(observed(new Token('a')), observed(new Token('a')))).toBe(true);
    expect(changedObservedFields(observed(new Token('a')), observed(new Token('b')))).toEqual(['token']);
    expect(changedObservedFields(observed(), observed(new Token('a')))).toEqual(['reporting', 'token']);
  });

  it('names changed config keys, gathering keys and problems, never values', () => {
    const next = observed(undefined, {
      config: { ...mergeConfig(defaults), intervalMs: 1 },
      gathering: { disabled: ['clusterconfig'], enabledExceptions: [], gatheringDisabled: false, dataPolicy: { networking: false, workloadNames: false } },
      problems: [{ source: 's', message: 'm' }],
    });
    expect(changedObservedFields(observed(), next)).toEqual(['intervalMs', 'gathering.disabled', 'problems']);
    expect(sameObservedConfig(observed(), observed())).toBe(true);
  });
});
