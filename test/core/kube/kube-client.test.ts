import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeApiError } from '../../../plugin-api/index.ts';
import { connectKube } from '../../../core/kube/connect.ts';
import type { KubeConnection } from '../../../core/kube/connect.ts';
import { startKubeSim } from '../../sim/kube/index.ts';
import type { KubeSim } from '../../sim/kube/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

let sim: KubeSim;
let kube: KubeConnection;
beforeAll(async () => {
  sim = await startKubeSim({ scale: 1 });
  const file = join(await tempDir('io-kube-'), 'kubeconfig');
  await sim.writeKubeconfig(file);
  kube = connectKube({ kubeconfig: file, qps: 1000, burst: 1000 });
});
afterAll(() => sim?.close());

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;

describe('LimitedKubeClient against the simulator, through client-node', () => {
  it('returns objects exactly as served: timestamps untouched, unknown fields kept', async () => {
    sim.store.add({ apiVersion: 'config.openshift.io/v1', kind: 'Proxy', metadata: { name: 'cluster', creationTimestamp: '2021-07-07T11:02:51Z' }, spec: { futureField: { x: 1 } } });
    const proxy = await kube.client.get({ apiVersion: 'config.openshift.io/v1', kind: 'Proxy' }, 'cluster');
    expect(proxy?.metadata?.creationTimestamp).toBe('2021-07-07T11:02:51Z');
    expect(proxy?.spec).toEqual({ futureField: { x: 1 } });
  });

  it('get: undefined for a missing object and for a kind the cluster does not serve', async () => {
    expect(await kube.client.get({ apiVersion: 'v1', kind: 'Node' }, 'no-such-node')).toBeUndefined();
    expect(await kube.client.get({ apiVersion: 'example.com/v1', kind: 'Widget' }, 'x')).toBeUndefined();
  });

  it('list: pages with limit/continue and yields every object once; nothing for an unserved kind', async () => {
    const before = sim.requests.length;
    const names: string[] = [];
    for await (const pod of kube.client.list(POD, { pageSize: 120 })) names.push(`${pod.metadata?.namespace}/${pod.metadata?.name}`);
    expect(names).toHaveLength(500);
    expect(new Set(names).size).toBe(500);
    const pages = sim.requests.slice(before).filter((r) => r.path === '/api/v1/pods');
    expect(pages).toHaveLength(5);
    expect(pages.every((r) => r.query.includes('limit=120'))).toBe(true);
    expect(pages.slice(1).every((r) => r.query.includes('continue='))).toBe(true);
    const none: unknown[] = [];
    for await (const w of kube.client.list({ apiVersion: 'example.com/v1', kind: 'Widget' })) none.push(w);
    expect(none).toEqual([]);
  });

  it('list: honours an overall limit, a namespace and selectors', async () => {
    const first: unknown[] = [];
    for await (const pod of kube.client.list(POD, { pageSize: 7, limit: 10 })) first.push(pod);
    expect(first).toHaveLength(10);
    const ns = (await kube.client.list(POD)[Symbol.asyncIterator]().next()).value.metadata.namespace as string;
    for await (const pod of kube.client.list(POD, { namespace: ns, fieldSelector: 'status.phase=Running' })) {
      expect(pod.metadata?.namespace).toBe(ns);
      expect((pod as { status?: { phase?: string } }).status?.phase).toBe('Running');
    }
  });

  it('discover: finds kinds by plural or kind at the preferred version, once per group per session', async () => {
    const session = kube.client.newSession();
    const before = sim.requests.length;
    expect(await session.discover('config.openshift.io', 'clusteroperators')).toEqual({ apiVersion: 'config.openshift.io/v1', kind: 'ClusterOperator', resource: 'clusteroperators', namespaced: false });
    expect(await session.discover('config.openshift.io', 'ClusterVersion')).toMatchObject({ resource: 'clusterversions' });
    expect(await session.discover('', 'pods')).toMatchObject({ apiVersion: 'v1', kind: 'Pod', namespaced: true });
    expect(await session.discover('example.com', 'widgets')).toBeUndefined();
    // A kind served only at a version the group does not prefer (OLM prefers v1, InstallPlans are v1alpha1).
    expect(await session.discover('operators.coreos.com', 'installplans')).toMatchObject({ apiVersion: 'operators.coreos.com/v1alpha1', kind: 'InstallPlan' });
    expect(await session.discover('operators.coreos.com', 'operators')).toMatchObject({ apiVersion: 'operators.coreos.com/v1' });
    const groupRequests = sim.requests.slice(before).filter((r) => r.path.startsWith('/apis/config.openshift.io'));
    expect(groupRequests).toHaveLength(2); // the APIGroup, then its preferred version's resources, once
  });

  it("nodeLogs: a node's journal through the node proxy; undefined for a missing node; KubeApiError when the kubelet is unreachable", async () => {
    const node = sim.store.list('v1', 'Node')[0]!.metadata.name;
    sim.logs.nodes.set(node, 'kubelet', ['line 1', 'line 2', 'line 3']);
    try {
      const before = sim.requests.length;
      expect(await kube.client.nodeLogs(node, { query: 'kubelet', tailLines: 2 })).toBe('line 2\nline 3\n');
      expect(sim.requests.slice(before).map((r) => `${r.path}?${r.query}`)).toEqual([`/api/v1/nodes/${node}/proxy/logs/?query=kubelet&tailLines=2`]);
      expect(await kube.client.nodeLogs('no-such-node', { query: 'kubelet' })).toBeUndefined();
      sim.store.add({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'unreachable' }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } });
      const error = await kube.client.nodeLogs('unreachable', { query: 'kubelet' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KubeApiError);
      expect(error).toMatchObject({ statusCode: 503, message: expect.stringMatching(/^error trying to reach service/) });
    } finally {
      sim.logs.nodes.delete(node, 'kubelet');
      sim.store.remove('v1', 'Node', 'unreachable');
    }
  });

  it('turns API failures into KubeApiError with the status code and the server message', async () => {
    const file = join(await tempDir('io-kube-'), 'kubeconfig');
    await writeFile(file, sim.kubeconfigYaml().replace(sim.token, 'bad'));
    const bad = connectKube({ kubeconfig: file });
    const error = await bad.client.get({ apiVersion: 'v1', kind: 'Node' }, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeApiError);
    expect(error).toMatchObject({ statusCode: 401, code: 'IO_KUBE_API' });
  });

  it('stops listing when its signal aborts', async () => {
    const controller = new AbortController();
    const client = kube.client.withSignal(controller.signal);
    let seen = 0;
    const run = (async () => {
      for await (const _ of client.list(POD, { pageSize: 50 })) {
        seen += 1;
        if (seen === 60) controller.abort(new Error('deadline'));
      }
    })();
    await expect(run).rejects.toThrow();
    expect(seen).toBeLessThanOrEqual(100);
  });

  it('stops waiting for the client\'s own discovery when its signal aborts (a slow API server)', async () => {
    // A group nothing has discovered yet, answered far later than the abort.
    const slow = sim.faults.add({ path: '/apis/slowdiscovery.example.com/**', latencyMs: 10_000 });
    try {
      const controller = new AbortController();
      const client = kube.client.withSignal(controller.signal);
      setTimeout(() => controller.abort(new Error('deadline')), 100);
      const started = Date.now();
      const run = (async () => {
        for await (const _ of client.list({ apiVersion: 'slowdiscovery.example.com/v1', kind: 'Widget' })) { /* nothing */ }
      })();
      await expect(run).rejects.toThrow('deadline');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      slow.remove();
    }
  });

  it('refuses a kubeconfig that turns TLS verification off', async () => {
    const file = join(await tempDir('io-kube-'), 'kubeconfig');
    await writeFile(file, sim.kubeconfigYaml().replace(/certificate-authority-data: .*/, 'insecure-skip-tls-verify: true'));
    expect(() => connectKube({ kubeconfig: file })).toThrow(/insecure-skip-tls-verify is set; TLS verification cannot be turned off/);
  });
});
