import { describe, expect, it } from 'vitest';
import { jsonPatch, mergePatch, PatchError, strategicMergePatch } from './patch.ts';

describe('JSON merge patch (RFC 7386)', () => {
  it('merges objects, deletes nulls, replaces everything else', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { c: null, d: 3 }, l: [3] })).toEqual({ a: { b: 1, d: 3 }, l: [3] });
    expect(mergePatch({ a: 1 }, [1])).toEqual([1]);
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('adds, removes, replaces, moves, copies and tests, without touching its input', () => {
    const doc = { a: { b: [1, 2] }, c: 'x' };
    const out = jsonPatch(doc, [
      { op: 'add', path: '/a/b/-', value: 3 },
      { op: 'add', path: '/a/b/0', value: 0 },
      { op: 'replace', path: '/c', value: 'y' },
      { op: 'copy', from: '/c', path: '/d' },
      { op: 'move', from: '/a/b', path: '/e~1f' },
      { op: 'test', path: '/d', value: 'y' },
      { op: 'remove', path: '/a' },
    ]);
    expect(out).toEqual({ c: 'y', d: 'y', 'e/f': [0, 1, 2, 3] });
    expect(doc).toEqual({ a: { b: [1, 2] }, c: 'x' });
  });

  it('fails on missing paths, failed tests and non-arrays', () => {
    expect(() => jsonPatch({}, [{ op: 'replace', path: '/nope', value: 1 }])).toThrow(PatchError);
    expect(() => jsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow('testing value /a failed');
    expect(() => jsonPatch({}, { op: 'add' })).toThrow(PatchError);
  });
});

describe('strategic merge patch', () => {
  it('merges lists with a merge key, sets of scalars, and replaces other lists', () => {
    const svc = { spec: { ports: [{ port: 80, name: 'http' }, { port: 443, name: 'https' }], externalIPs: ['1.1.1.1'] }, metadata: { finalizers: ['a'] } };
    const out = strategicMergePatch(svc, { spec: { ports: [{ port: 443, name: 'tls' }], externalIPs: ['2.2.2.2'] }, metadata: { finalizers: ['b', 'a'] } });
    expect(out).toEqual({ spec: { ports: [{ port: 80, name: 'http' }, { port: 443, name: 'tls' }], externalIPs: ['2.2.2.2'] }, metadata: { finalizers: ['a', 'b'] } });
    // Container ports merge by containerPort.
    const pod = { spec: { containers: [{ name: 'c', ports: [{ containerPort: 8080, protocol: 'TCP' }] }] } };
    expect(strategicMergePatch(pod, { spec: { containers: [{ name: 'c', ports: [{ containerPort: 9090 }] }] } }))
      .toEqual({ spec: { containers: [{ name: 'c', ports: [{ containerPort: 8080, protocol: 'TCP' }, { containerPort: 9090 }] }] } });
  });

  it('honours $patch, $deleteFromPrimitiveList, $retainKeys and ignores $setElementOrder', () => {
    const obj = { metadata: { finalizers: ['a', 'b'], labels: { x: '1', y: '2' } }, spec: { volumes: [{ name: 'v', emptyDir: {} }], strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
    const out = strategicMergePatch(obj, {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['a'], labels: { $patch: 'replace', z: '3' } },
      spec: { '$setElementOrder/volumes': [{ name: 'v' }], volumes: [{ $patch: 'replace' }, { name: 'w', secret: {} }], strategy: { $retainKeys: ['type'], type: 'Recreate' } },
    });
    expect(out).toEqual({ metadata: { finalizers: ['b'], labels: { z: '3' } }, spec: { volumes: [{ name: 'w', secret: {} }], strategy: { type: 'Recreate' } } });
    expect(strategicMergePatch({ spec: { a: { b: 1 } } }, { spec: { a: { $patch: 'delete' } } })).toEqual({ spec: {} });
    expect(() => strategicMergePatch({ spec: { containers: [] } }, { spec: { containers: [{ image: 'no-name' }] } })).toThrow('does not contain declared merge key: name');
  });
});
