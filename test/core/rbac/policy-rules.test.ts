import { describe, expect, it } from 'vitest';
import { defineGatheringFunction } from '../../../plugin-api/index.ts';
import type { Permission } from '../../../plugin-api/index.ts';
import { gatherRules } from '../../../core/rbac/policy-rules.ts';
import { loaded } from '../../helpers/run-harness.ts';

const fnWith = (permissions: Permission[]) => defineGatheringFunction({ description: 'd', paths: [], permissions, gather: () => [] });

describe('gatherRules', () => {
  it('merges declared permissions into stable cluster and namespace rules', () => {
    const rules = gatherRules([
      loaded('a', {
        one: fnWith([{ resource: 'nodes', verbs: ['list'] }, { group: 'config.openshift.io', resource: 'clusterversions', verbs: ['get'], resourceNames: ['version'] }]),
        two: fnWith([{ resource: 'nodes', verbs: ['get', 'list'] }, { resource: 'pods', verbs: ['list'], namespace: 'openshift-cluster-version' }]),
      }),
      loaded('b', { three: fnWith([{ resource: 'pods/log', verbs: ['get'], namespace: 'openshift-cluster-version' }, { group: 'config.openshift.io', resource: 'clusterversions', verbs: ['get'], resourceNames: ['version'] }]) }),
    ]);
    expect(rules.cluster).toEqual([
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] },
      { apiGroups: ['config.openshift.io'], resources: ['clusterversions'], verbs: ['get'], resourceNames: ['version'] },
    ]);
    expect([...rules.namespaced]).toEqual([
      ['openshift-cluster-version', [
        { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
        { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      ]],
    ]);
  });
});
