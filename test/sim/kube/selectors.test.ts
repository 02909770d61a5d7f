import { describe, expect, it } from 'vitest';
import { extractFields, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.ts';

const match = (selector: string, labels: Record<string, string>): boolean => matchesLabels(parseLabelSelector(selector), labels);

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'frontend', 'app.kubernetes.io/name': 'shop', replicas: '3' };

  it('implements equality, set, existence and comparison requirements', () => {
    expect(match('', labels)).toBe(true);
    expect(match('app=web', labels)).toBe(true);
    expect(match('app==web', labels)).toBe(true);
    expect(match('app=db', labels)).toBe(false);
    expect(match('app!=db', labels)).toBe(true);
    expect(match('missing!=x', labels)).toBe(true);
    expect(match('app in (db, web)', labels)).toBe(true);
    expect(match('app in (db)', labels)).toBe(false);
    expect(match('missing in (x)', labels)).toBe(false);
    expect(match('app notin (db,cache)', labels)).toBe(true);
    expect(match('missing notin (x)', labels)).toBe(true);
    expect(match('app notin (web)', labels)).toBe(false);
    expect(match('app.kubernetes.io/name', labels)).toBe(true);
    expect(match('!app.kubernetes.io/name', labels)).toBe(false);
    expect(match('!missing', labels)).toBe(true);
    expect(match('replicas>2,replicas<4', labels)).toBe(true);
    expect(match('replicas>3', labels)).toBe(false);
    expect(match('app=web, tier in (frontend,backend), !missing', labels)).toBe(true);
    expect(match('app=web,tier=backend', labels)).toBe(false);
  });

  it('rejects malformed selectors', () => {
    for (const bad of ['app in web', '=web', 'app in (a b)', 'a=b=c', 'app in (x', '-bad=key']) {
      expect(() => parseLabelSelector(bad), bad).toThrow(SelectorError);
    }
    // An empty value is valid: it matches an empty label value.
    expect(match('app=', { app: '' })).toBe(true);
  });
});

describe('field selectors', () => {
  const allowed = ['metadata.name', 'metadata.namespace', 'status.phase', 'spec.unschedulable', 'source'];

  it('parses =, == and != on allowed fields only', () => {
    const fields = { 'metadata.name': 'a', 'status.phase': 'Running' };
    expect(matchesFields(parseFieldSelector('metadata.name=a,status.phase==Running', allowed), fields)).toBe(true);
    expect(matchesFields(parseFieldSelector('status.phase!=Running', allowed), fields)).toBe(false);
    expect(matchesFields(parseFieldSelector('metadata.namespace=', allowed), fields)).toBe(true);
    expect(() => parseFieldSelector('spec.nodeName=x', allowed)).toThrow('field label not supported: spec.nodeName');
    expect(() => parseFieldSelector('metadata.name', allowed)).toThrow(SelectorError);
  });

  it('renders values as apimachinery field sets do', () => {
    expect(extractFields({ metadata: { name: 'n' }, spec: {}, source: { component: 'kubelet' } }, allowed)).toEqual({
      'metadata.name': 'n', 'metadata.namespace': '', 'status.phase': '', 'spec.unschedulable': 'false', source: 'kubelet',
    });
    expect(extractFields({ spec: { unschedulable: true } }, ['spec.unschedulable'])).toEqual({ 'spec.unschedulable': 'true' });
  });
});
