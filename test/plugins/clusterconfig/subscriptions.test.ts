import { describe, expect, it } from 'vitest';
import { subscriptions } from '../../../plugins/clusterconfig/subscriptions.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { expectSameObject, failingFor, readSample, useSampleCluster } from './setup.ts';
import { withoutObject } from './store-helpers.ts';

const SUB = 'operators.coreos.com/v1alpha1';
// The sample was stitched: the same Subscription of namespace kubevirt-hyperconverged sits under
// openshift-cnv twice. The function writes it where its namespace says.
const SAMPLE_FILE = 'config/subscriptions/openshift-cnv/community-kubevirt-hyperconverged.json';
const WRITTEN = 'config/subscriptions/kubevirt-hyperconverged/community-kubevirt-hyperconverged.json';

function subscription(namespace: string, name: string, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: SUB, kind: 'Subscription', metadata: { name, namespace }, spec: { name, channel: 'stable', source: 'redhat-operators', sourceNamespace: 'openshift-marketplace' }, ...extra };
}

describe('clusterconfig/subscriptions', () => {
  const env = useSampleCluster();

  it("writes the sample's Subscription at its namespace's path", async () => {
    const out = await gatherFunction(subscriptions, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual([WRITTEN]);
    expectSameObject(out.byPath.get(WRITTEN)!.text, await readSample(SAMPLE_FILE));
    expect(out.errors).toEqual([]);
  });

  it('drops the status and managedFields, and reads every namespace page by page', async () => {
    env.add(
      subscription('openshift-logging', 'cluster-logging', { status: { state: 'AtLatestKnown', installedCSV: 'status-marker' } }),
      subscription('customer-ns', 'my-operator', { metadata: { name: 'my-operator', namespace: 'customer-ns', managedFields: [{ manager: 'olm' }] } }),
    );
    const before = env.sim.requests.length;
    const out = await gatherFunction(subscriptions, { kube: env.kube });
    expect(out.records.map((r) => r.path).sort()).toEqual([
      'config/subscriptions/customer-ns/my-operator.json', WRITTEN, 'config/subscriptions/openshift-logging/cluster-logging.json',
    ]);
    const logging = JSON.parse(out.byPath.get('config/subscriptions/openshift-logging/cluster-logging.json')!.text);
    expect(logging.status).toBeUndefined();
    expect(logging.spec.name).toBe('cluster-logging');
    expect(out.byPath.get('config/subscriptions/customer-ns/my-operator.json')!.text).not.toContain('managedFields');
    const requests = env.sim.requests.slice(before);
    expect(requests.map((r) => r.path)).toEqual(['/apis/operators.coreos.com/v1alpha1/subscriptions']);
    expect(requests[0]!.query).toContain('limit=500');
  });

  it('writes nothing when there is no Subscription', async () => {
    await withoutObject(env.sim, { apiVersion: SUB, kind: 'Subscription', name: 'community-kubevirt-hyperconverged', namespace: 'kubevirt-hyperconverged' }, async () => {
      const out = await gatherFunction(subscriptions, { kube: env.kube });
      expect(out.records).toEqual([]);
      expect(out.errors).toEqual([]);
    });
  });

  it('fails when Subscriptions cannot be listed', async () => {
    await expect(gatherFunction(subscriptions, { kube: failingFor(env.kube, 'Subscription', 403) })).rejects.toMatchObject({ statusCode: 403 });
  });
  it('works with exactly the declared permissions', async () => {
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, subscriptions.permissions, 'test-subscriptions');
    expect((await gatherFunction(subscriptions, { kube })).records.map((r) => r.path)).toEqual([WRITTEN]);
  });
});
