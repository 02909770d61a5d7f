import { describe, expect, it } from 'vitest';
import { mergePatch } from '../../../core/ocm/json-merge-patch.ts';
import type { JsonValue } from '../../../core/ocm/json-merge-patch.ts';

describe('mergePatch', () => {
  // RFC 7386 Appendix A, every example.
  const cases: Array<[string, string, string]> = [
    ['{"a":"b"}', '{"a":"c"}', '{"a":"c"}'],
    ['{"a":"b"}', '{"b":"c"}', '{"a":"b","b":"c"}'],
    ['{"a":"b"}', '{"a":null}', '{}'],
    ['{"a":"b","b":"c"}', '{"a":null}', '{"b":"c"}'],
    ['{"a":["b"]}', '{"a":"c"}', '{"a":"c"}'],
    ['{"a":"c"}', '{"a":["b"]}', '{"a":["b"]}'],
    ['{"a":{"b":"c"}}', '{"a":{"b":"d","c":null}}', '{"a":{"b":"d"}}'],
    ['{"a":[{"b":"c"}]}', '{"a":[1]}', '{"a":[1]}'],
    ['["a","b"]', '["c","d"]', '["c","d"]'],
    ['{"a":"b"}', '["c"]', '["c"]'],
    ['{"a":"foo"}', 'null', 'null'],
    ['{"a":"foo"}', '"bar"', '"bar"'],
    ['{"e":null}', '{"a":1}', '{"e":null,"a":1}'],
    ['[1,2]', '{"a":"b","c":null}', '{"a":"b"}'],
    ['{}', '{"a":{"bb":{"ccc":null}}}', '{"a":{"bb":{}}}'],
  ];
  it.each(cases)('%s + %s = %s', (target, patch, result) => {
    expect(mergePatch(JSON.parse(target) as JsonValue, JSON.parse(patch) as JsonValue)).toEqual(JSON.parse(result));
  });

  it('modifies neither input', () => {
    const target = { a: { b: 'c' }, keep: [1] } as JsonValue;
    const patch = { a: { b: 'd' } } as JsonValue;
    const before = JSON.stringify([target, patch]);
    mergePatch(target, patch);
    expect(JSON.stringify([target, patch])).toBe(before);
  });

  it('keeps a "__proto__" member as data, never as a prototype', () => {
    const merged = mergePatch({}, JSON.parse('{"__proto__":{"polluted":true}}') as JsonValue) as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(JSON.stringify(merged)).toBe('{"__proto__":{"polluted":true}}');
  });

  it('merges a pull secret as the original test expects (other auths and HttpHeaders kept)', () => {
    const current = JSON.parse('{"auths":{"cloud.openshift.com":{"auth":"xyz","email":"test@test.com"},"registry.redhat.io":{"auth":"Njk","email":"test@test.org"}},"HttpHeaders":{"header1":"value1"}}') as JsonValue;
    const incoming = JSON.parse('{"auths":{"cloud.openshift.com":{"auth":"abcde.123456"}}}') as JsonValue;
    expect(mergePatch(current, incoming)).toEqual({
      auths: { 'cloud.openshift.com': { auth: 'abcde.123456', email: 'test@test.com' }, 'registry.redhat.io': { auth: 'Njk', email: 'test@test.org' } },
      HttpHeaders: { header1: 'value1' },
    });
  });
});
