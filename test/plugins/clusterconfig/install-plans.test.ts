import { describe, expect, it } from 'vitest';
import { INSTALL_PLAN_GROUP_LIMIT, installPlans } from '../../../plugins/clusterconfig/install-plans.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { failingFor, readSample, useSampleCluster } from './setup.ts';

const PATH = 'config/installplans.json';
const OLM = 'operators.coreos.com/v1alpha1';

interface Report {
  items: Array<{ count: number; csv: string; name: string; ns: string }> | null;
  stats: { TOTAL_COUNT: number; TOTAL_NONUNIQ_COUNT: number };
}

let serial = 0;
function plan(namespace: string, generateName: string, csvs: unknown, extra: Record<string, unknown> = {}): KubeObject {
  serial++;
  return {
    apiVersion: OLM, kind: 'InstallPlan',
    metadata: { name: `${generateName}${String(serial).padStart(5, '0')}`, namespace, generateName, ...extra },
    spec: { approval: 'Automatic', approved: true, ...(csvs === undefined ? {} : { clusterServiceVersionNames: csvs }) },
  };
}
const namespace = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

describe('clusterconfig/install_plans', () => {
  const env = useSampleCluster();

  it('reproduces the sample: no InstallPlans', async () => {
    const out = await gatherFunction(installPlans, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
    expect(out.byPath.get(PATH)!.text).toBe(JSON.stringify(await readSample(PATH)));
    expect(out.errors).toEqual([]);
  });

  it('groups the plans of the openshift namespaces by namespace, generateName and first CSV', async () => {
    env.add(namespace('openshift'), namespace('customer-ns'));
    env.add(
      plan('openshift-operators', 'install-', ['eap.v1', 'other.v2']),
      plan('openshift-operators', 'install-', ['eap.v1']),
      plan('openshift-operators', 'install-', ['eap.v2']),
      plan('openshift-operators', 'install-', []),
      plan('openshift', 'install-', [7]),
      plan('customer-ns', 'install-', ['customer-marker.v1']),
    );
    const text = (await gatherFunction(installPlans, { kube: env.kube })).byPath.get(PATH)!.text;
    expect(text).toBe(JSON.stringify({
      items: [
        { count: 2, csv: 'eap.v1', name: 'install-', ns: 'openshift-operators' },
        { count: 1, csv: '', name: 'install-', ns: 'openshift' },
        { count: 1, csv: 'eap.v2', name: 'install-', ns: 'openshift-operators' },
        { count: 1, csv: '[NONE]', name: 'install-', ns: 'openshift-operators' },
      ],
      stats: { TOTAL_COUNT: 5, TOTAL_NONUNIQ_COUNT: 4 },
    }));
    expect(text).not.toContain('marker');
  });

  it(`reports the ${INSTALL_PLAN_GROUP_LIMIT} largest groups, reading plans in pages of 500`, async () => {
    for (let i = 0; i < 3; i++) env.add(plan('openshift-operators', 'big-', ['big.v1']));
    for (let g = 0; g < INSTALL_PLAN_GROUP_LIMIT + 5; g++) {
      for (let i = 0; i < 5; i++) env.add(plan('openshift-operators', `group-${String(g).padStart(3, '0')}-`, ['x.v1']));
    }
    const before = env.sim.requests.length;
    const report = JSON.parse((await gatherFunction(installPlans, { kube: env.kube })).byPath.get(PATH)!.text) as Report;
    expect(report.stats).toEqual({ TOTAL_COUNT: 3 + 5 * (INSTALL_PLAN_GROUP_LIMIT + 5), TOTAL_NONUNIQ_COUNT: INSTALL_PLAN_GROUP_LIMIT + 6 });
    expect(report.items).toHaveLength(INSTALL_PLAN_GROUP_LIMIT);
    expect(report.items!.every((item) => item.count === 5)).toBe(true);
    // Ties at the limit are taken in the order they were first seen.
    expect(report.items!.at(-1)!.name).toBe(`group-${String(INSTALL_PLAN_GROUP_LIMIT - 1).padStart(3, '0')}-`);
    const pages = env.sim.requests.slice(before).filter((r) => r.path === '/apis/operators.coreos.com/v1alpha1/namespaces/openshift-operators/installplans');
    expect(pages).toHaveLength(2);
    expect(pages[0]!.query).toContain('limit=500');
    expect(pages[1]!.query).toContain('continue=');
    // Workload namespaces are never read.
    expect(env.sim.requests.slice(before).some((r) => r.path.includes('/namespaces/sdi/'))).toBe(false);
  });

  it('writes nothing when the cluster does not serve InstallPlans (no OLM), as the original', async () => {
    const withoutOlm = { discover: async () => undefined, list: env.kube.list.bind(env.kube), get: env.kube.get.bind(env.kube), logs: env.kube.logs.bind(env.kube), nodeLogs: env.kube.nodeLogs.bind(env.kube), serviceProxy: env.kube.serviceProxy.bind(env.kube) };
    const out = await gatherFunction(installPlans, { kube: withoutOlm });
    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([]);
  });

  it('fails, writing nothing, when a plan lacks what the grouping needs', async () => {
    env.add(plan('openshift-operators', 'install-', undefined));
    await expect(gatherFunction(installPlans, { kube: env.kube })).rejects.toThrow("can't find spec.clusterServiceVersionNames");
  });

  it('fails when plans or namespaces cannot be listed', async () => {
    await expect(gatherFunction(installPlans, { kube: failingFor(env.kube, 'InstallPlan', 403) })).rejects.toMatchObject({ statusCode: 403 });
    await expect(gatherFunction(installPlans, { kube: failingFor(env.kube, 'Namespace', 500) })).rejects.toMatchObject({ statusCode: 500 });
  });
  it('works with exactly the declared permissions', async () => {
    env.add(plan('openshift-operators', 'install-', ['eap.v1']));
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, installPlans.permissions, 'test-install-plans');
    const report = JSON.parse((await gatherFunction(installPlans, { kube })).byPath.get(PATH)!.text) as Report;
    expect(report.stats.TOTAL_COUNT).toBe(1);
  });
});
