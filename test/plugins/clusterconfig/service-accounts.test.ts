import { describe, expect, it } from 'vitest';
import { SERVICE_ACCOUNT_LIMIT, serviceAccounts } from '../../../plugins/clusterconfig/service-accounts.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { failingFor, readSample, useSampleCluster } from './setup.ts';

const PATH = 'config/serviceaccounts.json';

interface Report {
  serviceAccounts: { TOTAL_COUNT: number; namespaces: Record<string, Array<{ name: string; secrets: number }>> };
}

const namespace = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const serviceAccount = (ns: string, name: string, secrets: number): KubeObject => ({
  apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns },
  secrets: Array.from({ length: secrets }, (_, i) => ({ name: `${name}-token-${i}` })),
});

describe('clusterconfig/service_accounts', () => {
  const env = useSampleCluster();

  /** The sample's ServiceAccounts (and their namespaces, where the simulator lacks them) as API objects. */
  async function addSampleServiceAccounts(): Promise<Report> {
    const sample = await readSample<Report>(PATH);
    for (const [ns, accounts] of Object.entries(sample.serviceAccounts.namespaces)) {
      if (env.sim.store.get('v1', 'Namespace', ns) === undefined) env.add(namespace(ns));
      for (const sa of accounts) env.add(serviceAccount(ns, sa.name, sa.secrets));
    }
    return sample;
  }

  it('reproduces the sample from the ServiceAccounts of the default and openshift-* namespaces', async () => {
    const sample = await addSampleServiceAccounts();
    // Workload namespaces are never read.
    env.add(serviceAccount('sdi', 'customer-marker-sa', 2), serviceAccount('openshiftish', 'other-marker-sa', 1), namespace('openshiftish'));
    const before = env.sim.requests.length;
    const out = await gatherFunction(serviceAccounts, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
    // Same text: namespaces sorted as Go sorts map keys, entries in list (name) order.
    expect(out.byPath.get(PATH)!.text).toBe(JSON.stringify(sample));
    expect(out.byPath.get(PATH)!.text).not.toContain('marker');
    expect(out.errors).toEqual([]);
    const saPaths = env.sim.requests.slice(before).filter((r) => r.path.endsWith('/serviceaccounts')).map((r) => r.path);
    expect(saPaths).not.toContain('/api/v1/namespaces/sdi/serviceaccounts');
    expect(saPaths).not.toContain('/api/v1/namespaces/openshiftish/serviceaccounts');
    expect(saPaths.slice(0, 4)).toEqual(['default', 'kube-system', 'kube-public', 'openshift'].map((ns) => `/api/v1/namespaces/${ns}/serviceaccounts`));
  });

  it('reads at most 1000 per namespace, and describes at most 1000 in all', async () => {
    env.add(namespace('openshift-big'), namespace('openshift-small'));
    for (let i = 0; i < SERVICE_ACCOUNT_LIMIT + 5; i++) env.add(serviceAccount('openshift-big', `sa-${String(i).padStart(4, '0')}`, 1));
    env.add(serviceAccount('openshift-small', 'only', 3));
    const before = env.sim.requests.length;
    const report = JSON.parse((await gatherFunction(serviceAccounts, { kube: env.kube })).byPath.get(PATH)!.text) as Report;
    expect(report.serviceAccounts.TOTAL_COUNT).toBe(SERVICE_ACCOUNT_LIMIT + 1);
    expect(report.serviceAccounts.namespaces['openshift-big']).toHaveLength(SERVICE_ACCOUNT_LIMIT);
    // Counted, but past the description limit.
    expect(report.serviceAccounts.namespaces['openshift-small']).toBeUndefined();
    const bigRequests = env.sim.requests.slice(before).filter((r) => r.path === '/api/v1/namespaces/openshift-big/serviceaccounts');
    expect(bigRequests).toHaveLength(1);
    expect(bigRequests[0]!.query).toContain(`limit=${SERVICE_ACCOUNT_LIMIT}`);
    const nsRequest = env.sim.requests.slice(before).find((r) => r.path === '/api/v1/namespaces');
    expect(nsRequest?.query).toContain('limit=');
  });

  it('writes the totals even without any ServiceAccount', async () => {
    const out = await gatherFunction(serviceAccounts, { kube: env.kube });
    expect(out.byPath.get(PATH)!.text).toBe('{"serviceAccounts":{"TOTAL_COUNT":0,"namespaces":{}}}');
  });

  it('reports a namespace it cannot read and keeps the others', async () => {
    env.add(serviceAccount('default', 'builder', 1));
    const out = await gatherFunction(serviceAccounts, { kube: failingFor(env.kube, 'ServiceAccount', 403) });
    expect(out.byPath.get(PATH)!.text).toBe('{"serviceAccounts":{"TOTAL_COUNT":0,"namespaces":{}}}');
    expect(out.errors.length).toBeGreaterThan(4);
    expect(out.errors[0]).toContain('namespace default');
  });

  it('fails when the namespaces cannot be listed', async () => {
    await expect(gatherFunction(serviceAccounts, { kube: failingFor(env.kube, 'Namespace', 403) })).rejects.toMatchObject({ statusCode: 403 });
    await expect(gatherFunction(serviceAccounts, { kube: await env.connect('wrong') })).rejects.toMatchObject({ statusCode: 401 });
  });
  it('works with exactly the declared permissions', async () => {
    await addSampleServiceAccounts();
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, serviceAccounts.permissions, 'test-service-accounts');
    const out = await gatherFunction(serviceAccounts, { kube });
    expect(out.errors).toEqual([]);
    // The sample's 352, and the account the test runs as (in openshift-insights).
    expect(JSON.parse(out.byPath.get(PATH)!.text).serviceAccounts.TOTAL_COUNT).toBe(353);
  });
});
