import { describe, expect, it } from 'vitest';
import { LOKISTACK_LIMIT, lokistack } from '../../../plugins/clusterconfig/lokistack.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { expectSameObject, failingFor, readSample, useSampleCluster } from './setup.ts';
import { requestsTo, withObjects, withoutObjects } from './store-helpers.ts';

/** Where the sample holds its LokiStack: an older path than the one the original's code writes today. */
const SAMPLE_PATH = 'namespaces/openshift-logging/lokistack-sample.json';
const RECORD_PATH = 'namespace/openshift-logging/loki.grafana.com/lokistacks/lokistack-sample.json';
const SELECTOR = '{kubernetes_namespace_name=~"canary-team-.+"}';

const stack = (namespace: string, name: string, spec: Record<string, unknown> = { size: '1x.small' }): KubeObject => ({
  apiVersion: 'loki.grafana.com/v1', kind: 'LokiStack', metadata: { name, namespace }, spec,
});

const retention = (streams: unknown) => ({ retention: { days: 7, streams } });

describe('clusterconfig/lokistack', () => {
  const env = useSampleCluster();

  it("writes the sample's LokiStack at the original code's path, with the sample's content", async () => {
    const out = await gatherFunction(lokistack, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual([RECORD_PATH]);
    // The sample's streams already had their selectors removed.
    expectSameObject(out.byPath.get(RECORD_PATH)!.text, await readSample(SAMPLE_PATH));
    expect(out.errors).toEqual([]);
  });

  it('removes the selector of every retention stream of every tenant, and keeps the rest', async () => {
    const tenants = {
      application: retention([{ days: 4, priority: 1, selector: SELECTOR }, { days: 3, priority: 2 }]),
      infrastructure: retention([{ days: 1, priority: 1, selector: SELECTOR }]),
      audit: retention([{ days: 30, priority: 1, selector: SELECTOR }, 'not-a-stream']),
    };
    const spec = { size: '1x.small', limits: { global: { queries: { queryTimeout: '3m' } }, tenants } };
    const out = await withObjects(env.sim, [stack('openshift-logging', 'canary', spec)], () => gatherFunction(lokistack, { kube: env.kube }));
    const text = out.byPath.get('namespace/openshift-logging/loki.grafana.com/lokistacks/canary.json')!.text;
    expect(text).not.toContain('canary-team-');
    expect(JSON.parse(text).spec.limits).toEqual({
      global: { queries: { queryTimeout: '3m' } },
      tenants: {
        application: retention([{ days: 4, priority: 1 }, { days: 3, priority: 2 }]),
        infrastructure: retention([{ days: 1, priority: 1 }]),
        audit: retention([{ days: 30, priority: 1 }, 'not-a-stream']),
      },
    });
    expect(out.errors).toEqual([]);
  });

  it('reports and skips a stack whose retention is not shaped as the CRD defines, keeping the others', async () => {
    const odd = stack('openshift-logging', 'odd', { limits: { tenants: { audit: { retention: { streams: { selector: SELECTOR } } } } } });
    const out = await withObjects(env.sim, [odd], () => gatherFunction(lokistack, { kube: env.kube }));
    expect(out.records.map((r) => r.path)).toEqual([RECORD_PATH]);
    expect(out.errors).toEqual(['lokistack openshift-logging/odd: .spec.limits.tenants.audit.retention.streams is not an array']);
  });

  it('records only the stacks of openshift-* namespaces and reports the others once', async () => {
    const objects = [stack('logging', 'user-1'), stack('my-openshift-logs', 'user-2'), stack('openshift', 'no-dash'), stack('openshift-canary', 'platform')];
    const out = await withObjects(env.sim, objects, () => gatherFunction(lokistack, { kube: env.kube }));
    expect(out.records.map((r) => r.path).sort()).toEqual(['namespace/openshift-canary/loki.grafana.com/lokistacks/platform.json', RECORD_PATH]);
    expect(out.errors).toEqual(['found 3 LokiStack resource(s) in an unexpected namespace (not openshift-*)']);
  });

  it(`records at most ${LOKISTACK_LIMIT}, the first in list order, and reports the excess`, async () => {
    expect(LOKISTACK_LIMIT).toBe(20);
    // Stacks of other namespaces, listed first, do not count towards the cap.
    const objects = [
      ...Array.from({ length: 5 }, (_, i) => stack(`a-user-${i}`, 'stack')),
      ...Array.from({ length: 24 }, (_, i) => stack(`openshift-cap-${String(i).padStart(2, '0')}`, 'stack')),
    ];
    const out = await withObjects(env.sim, objects, () => gatherFunction(lokistack, { kube: env.kube }));
    expect(out.records).toHaveLength(LOKISTACK_LIMIT);
    expect(out.records[0]!.path).toBe('namespace/openshift-cap-00/loki.grafana.com/lokistacks/stack.json');
    expect(out.records.at(-1)!.path).toBe('namespace/openshift-cap-19/loki.grafana.com/lokistacks/stack.json');
    // 24 added plus the sample's own in openshift-logging.
    expect(out.errors).toEqual([
      'found 5 LokiStack resource(s) in an unexpected namespace (not openshift-*)',
      `found 25 LokiStack resources, limit (${LOKISTACK_LIMIT}) reached`,
    ]);
  });

  it('drops metadata.managedFields', async () => {
    const managed = { ...stack('openshift-logging', 'managed'), metadata: { name: 'managed', namespace: 'openshift-logging', managedFields: [{ manager: 'canary-manager' }] } };
    const out = await withObjects(env.sim, [managed], () => gatherFunction(lokistack, { kube: env.kube }));
    for (const r of out.records) expect(r.text).not.toContain('canary-manager');
    expect(out.records).toHaveLength(2);
  });

  it('lists through the paged list API', async () => {
    const before = env.sim.requests.length;
    await gatherFunction(lokistack, { kube: env.kube });
    const lists = requestsTo(env.sim, before, '/apis/loki.grafana.com/v1/lokistacks');
    expect(lists).toHaveLength(1);
    expect(lists[0]!.query).toContain('limit=');
  });

  it('writes nothing and reports no error when there is no LokiStack', async () => {
    const out = await withoutObjects(env.sim, 'loki.grafana.com/v1', 'LokiStack', () => gatherFunction(lokistack, { kube: env.kube }));
    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([]);
  });

  it('fails when the list fails', async () => {
    await expect(gatherFunction(lokistack, { kube: failingFor(env.kube, 'LokiStack', 403) })).rejects.toMatchObject({ statusCode: 403 });
    await expect(gatherFunction(lokistack, { kube: failingFor(env.kube, 'LokiStack', 500) })).rejects.toMatchObject({ statusCode: 500 });
  });

  it('needs no permission beyond those it declares', async () => {
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, lokistack.permissions, 'test-lokistack');
    const out = await gatherFunction(lokistack, { kube });
    expect(out.errors).toEqual([]);
    expect(out.records.map((r) => r.path)).toEqual([RECORD_PATH]);
    const unbound = await env.connect(env.sim.serviceAccountToken('openshift-insights', 'unbound-lokistack'));
    await expect(gatherFunction(lokistack, { kube: unbound })).rejects.toMatchObject({ statusCode: 403 });
  });

  describeOptionalKind(env, lokistack, 'loki.grafana.com', 'LokiStack');
});
