import { describe, expect, it } from 'vitest';
import {
  createServiceRef, defineGatheringFunction, definePlugin, isPlugin, isRecord, json, raw, record, resource,
} from '../../plugin-api/index.ts';

const ok = defineGatheringFunction({ description: 'd', paths: ['a/{x}.json'], permissions: [], gather: () => [] });

describe('definePlugin', () => {
  it('brands a valid plugin and freezes it', () => {
    const p = definePlugin({ name: 'my_plugin2', period: '12h', functions: { first_fn: ok } });
    expect(isPlugin(p)).toBe(true);
    expect(isPlugin({ ...p })).toBe(true); // the brand survives spreading, as across API copies
    expect(isPlugin({ name: 'x', functions: {} })).toBe(false);
    expect(Object.isFrozen(p.functions)).toBe(true);
  });

  it.each([
    [{ name: 'Bad', functions: {} }, /plugin name "Bad" must match/],
    [{ name: '', functions: {} }, /must not be empty/],
    [{ name: 'x'.repeat(101), functions: {} }, /at most 100/],
    [{ name: 'ok', functions: { 'bad-name': ok } }, /function name "bad-name" must match/],
    [{ name: 'ok', functions: { f: { gather: () => [] } } }, /"ok\/f" was not made by defineGatheringFunction/],
    [{ name: 'ok', period: 'twice a day', functions: {} }, /period "twice a day"/],
  ])('rejects %j', (spec, message) => {
    expect(() => definePlugin(spec as never)).toThrow(message);
  });
});

describe('defineGatheringFunction', () => {
  it.each([
    [{ paths: [], permissions: [], gather: () => [] }, /"description"/],
    [{ description: 'd', paths: [''], permissions: [], gather: () => [] }, /"paths"/],
    [{ description: 'd', paths: [], permissions: [{ resource: 'nodes', verbs: [] }], gather: () => [] }, /non-empty "verbs"/],
    [{ description: 'd', paths: [], permissions: [], services: { c: { id: 'x' } }, gather: () => [] }, /service "c" is not a ServiceRef/],
    [{ description: 'd', paths: [], permissions: [], timeoutMs: -1, gather: () => [] }, /"timeoutMs"/],
    [{ description: 'd', paths: [], permissions: [] }, /"gather" must be a function/],
  ])('rejects %j', (spec, message) => {
    expect(() => defineGatheringFunction(spec as never)).toThrow(message);
  });

  it('service ids are validated', () => {
    expect(createServiceRef({ id: 'monitoring.prometheus' }).id).toBe('monitoring.prometheus');
    expect(() => createServiceRef({ id: 'Prometheus' })).toThrow(/must match/);
  });
});

describe('records and marshallers', () => {
  it('record() checks paths', () => {
    expect(isRecord(record({ name: 'config/id', item: raw('x') }))).toBe(true);
    for (const bad of ['', '/abs', 'a//b', 'a/../b', './a', 'a/.']) {
      expect(() => record({ name: bad, item: raw('x') })).toThrow(TypeError);
    }
  });

  it('resource() drops metadata.managedFields without touching the object', () => {
    const obj = { kind: 'Node', metadata: { name: 'n', managedFields: [{ manager: 'kubelet' }] }, spec: {} };
    const text = resource(obj).marshal() as string;
    expect(JSON.parse(text)).toEqual({ kind: 'Node', metadata: { name: 'n' }, spec: {} });
    expect(obj.metadata.managedFields).toHaveLength(1);
    expect(resource(obj).extension).toBe('json');
  });

  it('json() is compact JSON, raw() stores bytes as given', () => {
    expect(json({ a: [1, 2] }).marshal()).toBe('{"a":[1,2]}');
    expect(raw('x y').marshal()).toBe('x y');
    expect(raw('x', 'log').extension).toBe('log');
    expect(() => json(undefined).marshal()).toThrow(TypeError);
  });
});
