import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { subscriptions } from '../../../plugins/clusterconfig/subscriptions.ts';
import type { KubeClient } from '../../../plugin-api/kube.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject, KubeSim } from '../../sim/kube/index.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { expectSameObject, failingFor, readSample, startSim } from './setup.ts';

const SUB = 'operators.coreos.com/v1alpha1';
// The sample was stitched: the same Subscription of namespace kubevirt-hyperconverged sits under
// openshift-cnv twice. The function writes it where its namespace says.
const SAMPLE_FILE = 'config/subscriptions/openshift-cnv/community-kubevirt-hyperconverged.json';
const WRITTEN = 'config/subscriptions/kubevirt-hyperconverged/community-kubevirt-hyperconverged.json';

function subscription(namespace: string, name: string, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: SUB, kind: 'Subscription', metadata: { name, namespace }, spec: { name, channel: 'stable', source: 'redhat-operators', sourceNamespace: 'openshift-marketplace' }, ...extra };
}

describe('clusterconfig/subscriptions', () => {
  let sim: KubeSim;
  let kube: KubeClient;
  let connect: (token?: string) => Promise<KubeClient>;
  const added: KubeObject[] = [];
  const add = (...objects: KubeObject[]): void => {
    for (const o of objects) added.push(sim.store.add(o));
  };
  beforeAll(async () => {
    ({ sim, kube, connect } = await startSim({ fixture: 'sample', rbac: true }));
  });
  afterEach(() => {
    for (const o of added.splice(0)) sim.store.remove(o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace);
  });
  afterAll(async () => {
    await sim.close();
  });

  it("writes the sample's Subscription at its namespace's path", async () => {
    const out = await gatherFunction(subscriptions, { kube });
    expect(out.records.map((r) => r.path)).toEqual([WRITTEN]);
    expectSameObject(out.byPath.get(WRITTEN)!.text, await readSample(SAMPLE_FILE));
    expect(out.errors).toEqual([]);
  });

  it('drops the status and managedFields, and reads every namespace page by page', async () => {
    add(
      subscription('openshift-logging', 'cluster-logging', { status: { state: 'AtLatestKnown', installedCSV: 'status-marker' } }),
      subscription('customer-ns', 'my-operator', { metadata: { name: 'my-operator', namespace: 'customer-ns', managedFields: [{ manager: 'olm' }] } }),
    );
    const before = sim.requests.length;
    const out = await gatherFunction(subscriptions, { kube });
    expect(out.records.map((r) => r.path).sort()).toEqual([
      'config/subscriptions/customer-ns/my-operator.json', WRITTEN, 'config/subscriptions/openshift-logging/cluster-logging.json',
    ]);
    const logging = JSON.parse(out.byPath.get('config/subscriptions/openshift-logging/cluster-logging.json')!.text);
    expect(logging.status).toBeUndefined();
    expect(logging.spec.name).toBe('cluster-logging');
    expect(out.byPath.get('config/subscriptions/customer-ns/my-operator.json')!.text).not.toContain('managedFields');
    const requests = sim.requests.slice(before);
    expect(requests.map((r) => r.path)).toEqual(['/apis/operators.coreos.com/v1alpha1/subscriptions']);
    expect(requests[0]!.query).toContain('limit=500');
  });

  it('writes nothing when there is no Subscription', async () => {
    const sample = sim.store.get(SUB, 'Subscription', 'community-kubevirt-hyperconverged', 'kubevirt-hyperconverged')!;
    sim.store.remove(SUB, 'Subscription', 'community-kubevirt-hyperconverged', 'kubevirt-hyperconverged');
    try {
      const out = await gatherFunction(subscriptions, { kube });
      expect(out.records).toEqual([]);
      expect(out.errors).toEqual([]);
    } finally {
      sim.store.add(sample);
    }
  });

  it('fails when Subscriptions cannot be listed', async () => {
    await expect(gatherFunction(subscriptions, { kube: failingFor(kube, 'Subscription', 403) })).rejects.toMatchObject({ statusCode: 403 });
  });
  it('works with exactly the declared permissions', async () => {
    const kube = await connectWithDeclaredPermissions(sim, connect, subscriptions.permissions, 'test-subscriptions');
    expect((await gatherFunction(subscriptions, { kube })).records.map((r) => r.path)).toEqual([WRITTEN]);
  });
});
