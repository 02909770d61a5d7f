import { openshiftLogging } from '../../../plugins/clusterconfig/openshift-logging.ts';
import { expect, it } from 'vitest';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { describeListedKind } from './listed-kind-suite.ts';

describeListedKind({
  key: 'openshift_logging',
  fn: openshiftLogging,
  apiVersion: 'logging.openshift.io/v1',
  kind: 'ClusterLogging',
  listPath: '/apis/logging.openshift.io/v1/clusterloggings',
  sampleDir: 'config/logging',
  more: (env) => {
    describeOptionalKind(env, openshiftLogging, 'logging.openshift.io', 'ClusterLogging');

    it('writes each object at the path its own namespace and name give, with its whole content, and declares only the list it needs', async () => {
      env.add({ apiVersion: 'logging.openshift.io/v1', kind: 'ClusterLogging', metadata: { namespace: 'openshift-logging-canary', name: 'canary-policy' }, spec: { marker: 'canary-spec-7' } });
      const out = await gatherFunction(openshiftLogging, { kube: env.kube });
      const written = out.byPath.get('config/logging/openshift-logging-canary/canary-policy.json');
      expect(written, [...out.byPath.keys()].join('\n')).toBeDefined();
      expect(JSON.parse(written!.text)).toMatchObject({ kind: 'ClusterLogging', spec: { marker: 'canary-spec-7' } });
      expect(openshiftLogging.permissions).toEqual([{ group: 'logging.openshift.io', resource: 'clusterloggings', verbs: ['list'] }]);
    });
  },
});
