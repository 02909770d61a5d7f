import { nodenetworkconfigurationpolicies } from '../../../plugins/clusterconfig/nodenetworkconfigurationpolicies.ts';
import { expect, it } from 'vitest';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { describeListedKind } from './listed-kind-suite.ts';

describeListedKind({
  key: 'nodenetworkconfigurationpolicies',
  fn: nodenetworkconfigurationpolicies,
  apiVersion: 'nmstate.io/v1',
  kind: 'NodeNetworkConfigurationPolicy',
  listPath: '/apis/nmstate.io/v1/nodenetworkconfigurationpolicies',
  sampleDir: 'cluster-scoped-resources/nmstate.io/nodenetworkconfigurationpolicies',
  more: (env) => {
    describeOptionalKind(env, nodenetworkconfigurationpolicies, 'nmstate.io', 'NodeNetworkConfigurationPolicy');

    it('writes each object at the path its own name give, with its whole content, and declares only the list it needs', async () => {
      env.add({ apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', metadata: { name: 'canary-policy' }, spec: { marker: 'canary-spec-7' } });
      const out = await gatherFunction(nodenetworkconfigurationpolicies, { kube: env.kube });
      const written = out.byPath.get('cluster-scoped-resources/nmstate.io/nodenetworkconfigurationpolicies/canary-policy.json');
      expect(written, [...out.byPath.keys()].join('\n')).toBeDefined();
      expect(JSON.parse(written!.text)).toMatchObject({ kind: 'NodeNetworkConfigurationPolicy', spec: { marker: 'canary-spec-7' } });
      expect(nodenetworkconfigurationpolicies.permissions).toEqual([{ group: 'nmstate.io', resource: 'nodenetworkconfigurationpolicies', verbs: ['list'] }]);
    });
  },
});
