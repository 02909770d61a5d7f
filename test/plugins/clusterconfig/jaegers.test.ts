import { expect, it } from 'vitest';
import { JAEGER_LIMIT, jaegers } from '../../../plugins/clusterconfig/jaegers.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { describeListedKind } from './listed-kind-suite.ts';
import { requestsTo, withObjects } from './store-helpers.ts';

const jaeger = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'jaegertracing.io/v1', kind: 'Jaeger', metadata: { name, namespace }, spec: { strategy: 'allinone' },
});

describeListedKind({
  key: 'jaegers',
  fn: jaegers,
  apiVersion: 'jaegertracing.io/v1',
  kind: 'Jaeger',
  listPath: '/apis/jaegertracing.io/v1/jaegers',
  sampleDir: 'config/jaegertracing.io',
  more: (env) => {
    it('names each record after the object alone, not its namespace', async () => {
      const out = await withObjects(env.sim, [jaeger('tracing-team', 'team-jaeger')], () => gatherFunction(jaegers, { kube: env.kube }));
      expect(out.records.map((r) => r.path).sort()).toEqual(['config/jaegertracing.io/jaeger1.json', 'config/jaegertracing.io/team-jaeger.json']);
    });

    it(`records ${JAEGER_LIMIT} without an error when there are exactly ${JAEGER_LIMIT}`, async () => {
      expect(JAEGER_LIMIT).toBe(5);
      // The sample's jaeger1 (openshift-operators) plus four more.
      const objects = Array.from({ length: 4 }, (_, i) => jaeger('tracing', `extra-${i}`));
      const out = await withObjects(env.sim, objects, () => gatherFunction(jaegers, { kube: env.kube }));
      expect(out.records).toHaveLength(5);
      expect(out.errors).toEqual([]);
    });

    it(`records the first ${JAEGER_LIMIT} in list order and reports the excess as an error, without listing the rest`, async () => {
      const objects = Array.from({ length: 40 }, (_, i) => jaeger(`a-tracing-${String(i).padStart(2, '0')}`, `j${i}`));
      const before = env.sim.requests.length;
      const out = await withObjects(env.sim, objects, () => gatherFunction(jaegers, { kube: env.kube }));
      expect(out.records.map((r) => r.path)).toEqual([0, 1, 2, 3, 4].map((i) => `config/jaegertracing.io/j${i}.json`));
      expect(out.errors).toEqual([`limit ${JAEGER_LIMIT} for number of gathered jaegers.jaegertracing.io resources exceeded`]);
      const lists = requestsTo(env.sim, before, '/apis/jaegertracing.io/v1/jaegers');
      expect(lists).toHaveLength(1);
      expect(lists[0]!.query).toContain(`limit=${JAEGER_LIMIT + 1}`);
    });

    describeOptionalKind(env, jaegers, 'jaegertracing.io', 'Jaeger');
  },
});
