import { describe, expect, it } from 'vitest';
import { sapPods } from '../../../plugins/clusterconfig/sap-pods.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { expectSameObject, failingFor, readSample, sampleFiles, useSampleCluster } from './setup.ts';
import { requestsTo, withObjects, withoutObjects } from './store-helpers.ts';

/** The namespace of the sample's SAP Data Intelligence pods, where the simulator serves a DataHub. */
const NS = 'di-288312';
const DATAHUB = ['installers.datahub.sap.com/v1alpha1', 'DataHub'] as const;

const pod = (name: string, phase: string | undefined, options: { namespace?: string; job?: string; env?: Array<{ name: string; value?: string }> } = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: {
    name, namespace: options.namespace ?? NS,
    ...(options.job === undefined ? {} : { ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: options.job, uid: `uid-${options.job}`, controller: true }] }),
  },
  spec: { containers: [{ name: 'main', image: 'registry.example/sdi:1', ...(options.env === undefined ? {} : { env: options.env }) }] },
  status: phase === undefined ? {} : { phase },
});
const job = (name: string, status: Record<string, number>): KubeObject => ({
  apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: NS }, spec: { template: { spec: { containers: [] } } }, status,
});
const paths = (out: { records: Array<{ path: string }> }) => out.records.map((r) => r.path).sort();
const at = (name: string, namespace = NS) => `config/pod/${namespace}/${name}.json`;

describe('clusterconfig/sap_pods', () => {
  const env = useSampleCluster();

  it("writes the sample's failing SAP pods at the sample's paths with the sample's content", async () => {
    const expected = await sampleFiles(`config/pod/${NS}`);
    expect(expected).toHaveLength(4);
    const out = await gatherFunction(sapPods, { kube: env.kube });
    expect(out.errors).toEqual([]);
    expect(paths(out)).toEqual(expected);
    for (const path of expected) expectSameObject(out.byPath.get(path)!.text, await readSample(path));
  });

  it('skips Running and Succeeded pods and keeps every other phase', async () => {
    const pods = [pod('ok-running', 'Running'), pod('ok-done', 'Succeeded'), pod('bad-pending', 'Pending'), pod('bad-failed', 'Failed'), pod('bad-unknown', 'Unknown'), pod('bad-no-phase', undefined)];
    const out = await withObjects(env.sim, pods, () => gatherFunction(sapPods, { kube: env.kube }));
    const written = paths(out);
    for (const name of ['bad-pending', 'bad-failed', 'bad-unknown', 'bad-no-phase']) expect(written).toContain(at(name));
    for (const name of ['ok-running', 'ok-done']) expect(written).not.toContain(at(name));
  });

  it('skips failed pods of a Job that later succeeded, keeps those of other Jobs, and reads each Job once', async () => {
    const objects = [
      job('retried', { succeeded: 1, failed: 2 }), pod('retried-a', 'Failed', { job: 'retried' }), pod('retried-b', 'Failed', { job: 'retried' }),
      job('failing', { failed: 3 }), pod('failing-a', 'Failed', { job: 'failing' }),
      // A Job gone since (deleted, or by its TTL) proves nothing: its failed pod is kept.
      pod('orphan-a', 'Failed', { job: 'gone' }),
    ];
    const before = env.sim.requests.length;
    const out = await withObjects(env.sim, objects, () => gatherFunction(sapPods, { kube: env.kube }));
    expect(out.errors).toEqual([]);
    const written = paths(out);
    expect(written).toEqual(expect.arrayContaining([at('failing-a'), at('orphan-a')]));
    expect(written).not.toContain(at('retried-a'));
    expect(written).not.toContain(at('retried-b'));
    expect(requestsTo(env.sim, before, `/apis/batch/v1/namespaces/${NS}/jobs/retried`)).toHaveLength(1);
  });

  it('reads only the namespaces that hold a DataHub, each once', async () => {
    const elsewhere = pod('failing-elsewhere', 'Failed', { namespace: 'openshift-etcd' });
    const second = { apiVersion: DATAHUB[0], kind: DATAHUB[1], metadata: { name: 'second', namespace: NS }, spec: {} };
    const before = env.sim.requests.length;
    const out = await withObjects(env.sim, [elsewhere, second], () => gatherFunction(sapPods, { kube: env.kube }));
    expect(paths(out).every((p) => p.startsWith(`config/pod/${NS}/`))).toBe(true);
    // The sample's other DataHub namespace (sdi) has no pods; di-288312 now holds two DataHubs.
    expect(requestsTo(env.sim, before, `/api/v1/namespaces/${NS}/pods`)).toHaveLength(1);
    expect(requestsTo(env.sim, before, '/api/v1/namespaces/sdi/pods')).toHaveLength(1);
    expect(requestsTo(env.sim, before, '/api/v1/pods')).toEqual([]);
  });

  it('masks proxy variables, whose URLs can carry credentials', async () => {
    const proxied = pod('proxied', 'Pending', { env: [{ name: 'HTTPS_PROXY', value: 'http://zqcanary:secret@proxy.corp:3128' }, { name: 'LOG_LEVEL', value: 'info' }] });
    const out = await withObjects(env.sim, [proxied], () => gatherFunction(sapPods, { kube: env.kube }));
    const text = out.byPath.get(at('proxied'))!.text;
    expect(text).not.toContain('zqcanary');
    expect(JSON.parse(text).spec.containers[0].env).toEqual([
      { name: 'HTTPS_PROXY', value: 'x'.repeat('http://zqcanary:secret@proxy.corp:3128'.length) }, { name: 'LOG_LEVEL', value: 'info' },
    ]);
  });

  it('writes nothing, and lists no pods, on a cluster without a DataHub', async () => {
    const before = env.sim.requests.length;
    const out = await withoutObjects(env.sim, ...DATAHUB, () => gatherFunction(sapPods, { kube: env.kube }));
    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([]);
    expect(env.sim.requests.slice(before).filter((r) => r.path.includes('/pods'))).toEqual([]);
  });

  it('fails when a read fails', async () => {
    await expect(gatherFunction(sapPods, { kube: failingFor(env.kube, 'Pod', 500) })).rejects.toMatchObject({ statusCode: 500 });
    await expect(gatherFunction(sapPods, { kube: failingFor(env.kube, 'Job', 403) })).rejects.toMatchObject({ statusCode: 403 });
  });

  it('needs no permission beyond those it declares', async () => {
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, sapPods.permissions, 'test-sap-pods');
    const out = await gatherFunction(sapPods, { kube });
    expect(out.errors).toEqual([]);
    expect(paths(out)).toEqual(await sampleFiles(`config/pod/${NS}`));
    const unbound = await env.connect(env.sim.serviceAccountToken('openshift-insights', 'unbound-sap-pods'));
    await expect(gatherFunction(sapPods, { kube: unbound })).rejects.toMatchObject({ statusCode: 403 });
  });

  describeOptionalKind(env, sapPods, 'installers.datahub.sap.com', 'DataHub');
});
