import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { groupLogRequests, messagesAlternation } from '../../../plugins/conditional/log-request-groups.ts';

describe('conditional container_logs grouping', () => {
  it('groups per namespace and per (pod regex, previous), unioning messages, in first-request order', () => {
    const groups = groupLogRequests([
      { namespace: 'openshift-b', pod_name_regex: 'x', messages: ['m1'] },
      { namespace: 'openshift-a', pod_name_regex: 'y', messages: ['m2', 'm3'] },
      { namespace: 'openshift-b', pod_name_regex: 'x', messages: ['m4', 'm1'], previous: false },
      { namespace: 'openshift-b', pod_name_regex: 'x', messages: ['m5'], previous: true },
    ]);
    expect([...groups.keys()]).toEqual(['openshift-b', 'openshift-a']);
    expect(groups.get('openshift-b')!.map((g) => ({ ...g, messages: [...g.messages] }))).toEqual([
      { podNameRegex: 'x', previous: false, messages: ['m1', 'm4'] },
      { podNameRegex: 'x', previous: true, messages: ['m5'] },
    ]);
  });

  it('joins messages into one RE2 alternation in which each keeps its own flags and alternatives', () => {
    const pattern = messagesAlternation(['b|c', '(?i)error', 'b|c']);
    expect(pattern).toBe('(?:(?i)error)|(?:b|c)');
    const re = RE2JS.compile(pattern);
    expect(['ERROR here', 'has c', 'has b'].map((l) => re.test(l))).toEqual([true, true, true]);
    // (?i) applies to its own message only.
    expect(RE2JS.compile(messagesAlternation(['(?i)x', 'Y'])).test('y')).toBe(false);
  });
});
