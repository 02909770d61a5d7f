import { ApiException, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim } from './index.ts';
import type { KubeSim } from './index.ts';
import { encodeContinue } from './list.ts';
import { rawRequest } from './test-helpers.ts';

let sim: KubeSim;
let core: CoreV1Api;

beforeAll(async () => {
  sim = await startKubeSim({ scale: 2 });
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfigYaml());
  core = kc.makeApiClient(CoreV1Api);
});
afterAll(() => sim.close());

async function allPods(params: { limit: number; labelSelector?: string; fieldSelector?: string }): Promise<{ pods: V1Pod[]; pages: number }> {
  const pods: V1Pod[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await core.listPodForAllNamespaces({ ...params, ...(token === undefined ? {} : { _continue: token }) });
    pods.push(...page.items);
    pages++;
    token = page.metadata?._continue;
  } while (token !== undefined && token !== '');
  return { pods, pages };
}

describe('pagination', () => {
  it('returns every pod exactly once across limit/continue pages', async () => {
    const before = sim.requests.length;
    const { pods, pages } = await allPods({ limit: 137 });
    expect(pods).toHaveLength(1000);
    expect(pages).toBe(Math.ceil(1000 / 137));
    const keys = pods.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`);
    expect(new Set(keys).size).toBe(1000);
    expect(keys).toEqual([...keys].sort());
    const listed = sim.requests.slice(before).filter((r) => r.path === '/api/v1/pods');
    expect(listed).toHaveLength(pages);
    expect(listed.filter((r) => r.query.includes('continue=')).length).toBe(pages - 1);
  });

  it('reports remainingItemCount and keeps the first page resourceVersion', async () => {
    const first = (await rawRequest(sim, '/api/v1/pods?limit=400')).json<{ metadata: Record<string, unknown>; items: unknown[] }>();
    expect(first.items).toHaveLength(400);
    expect(first.metadata['remainingItemCount']).toBe(600);
    const token = first.metadata['continue'] as string;
    expect(JSON.parse(Buffer.from(token, 'base64url').toString())).toMatchObject({ v: 'meta.k8s.io/v1', rv: Number(first.metadata['resourceVersion']) });
    sim.store.add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bumps-rv', namespace: 'default' } });
    const second = (await rawRequest(sim, `/api/v1/pods?limit=400&continue=${token}`)).json<{ metadata: Record<string, unknown> }>();
    expect(second.metadata['resourceVersion']).toBe(first.metadata['resourceVersion']);
    expect(second.metadata['remainingItemCount']).toBe(200);
    const last = (await rawRequest(sim, `/api/v1/pods?limit=400&continue=${second.metadata['continue'] as string}`)).json<{ metadata: Record<string, unknown>; items: unknown[] }>();
    expect(last.items).toHaveLength(200);
    expect(last.metadata['continue']).toBeUndefined();
    expect(last.metadata['remainingItemCount']).toBeUndefined();
    sim.store.remove('v1', 'ConfigMap', 'bumps-rv', 'default');
  });

  it('paginates within one namespace', async () => {
    const ns = 'openshift-monitoring';
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await core.listNamespacedPod({ namespace: ns, limit: 7, ...(token === undefined ? {} : { _continue: token }) });
      seen.push(...page.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
      token = page.metadata?._continue;
    } while (token);
    expect(seen).toHaveLength(50);
    expect(new Set(seen).size).toBe(50);
    expect(seen.every((k) => k.startsWith(`${ns}/`))).toBe(true);
  });

  it('rejects a malformed continue token with 400 BadRequest', async () => {
    for (const bad of ['not*base64', Buffer.from('{"nope":1}').toString('base64url'), Buffer.from('garbage').toString('base64url')]) {
      const res = await rawRequest(sim, `/api/v1/pods?limit=10&continue=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(res.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400 });
    }
    const err = await core.listPodForAllNamespaces({ limit: 10, _continue: 'bogus!' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiException);
    expect((err as ApiException<unknown>).code).toBe(400);
    // A well-formed token resumes after its start key (at a revision still in the history).
    const rv = Number(sim.store.resourceVersion);
    const resumed = (await rawRequest(sim, `/api/v1/pods?limit=1&continue=${encodeContinue(rv, 'openshift-monitoring/\u0000')}`)).json<{ items: Array<{ metadata: { namespace: string } }> }>();
    expect(resumed.items[0]?.metadata.namespace).toBe('openshift-monitoring');
  });

  it('returns everything without a limit, and with limit=0', async () => {
    for (const q of ['', '?limit=0']) {
      const list = (await rawRequest(sim, `/api/v1/pods${q}`)).json<{ metadata: Record<string, unknown>; items: unknown[] }>();
      expect(list.items).toHaveLength(1000);
      expect(list.metadata['continue']).toBeUndefined();
    }
  });
});

describe('selectors', () => {
  it('filters by status.phase and spec.nodeName field selectors', async () => {
    const everything = (await core.listPodForAllNamespaces()).items;
    const running = (await core.listPodForAllNamespaces({ fieldSelector: 'status.phase=Running' })).items;
    const notRunning = (await core.listPodForAllNamespaces({ fieldSelector: 'status.phase!=Running' })).items;
    expect(running.length).toBe(everything.filter((p) => p.status?.phase === 'Running').length);
    expect(running.length).toBeGreaterThan(800);
    expect(running.length + notRunning.length).toBe(1000);
    expect(notRunning.every((p) => p.status?.phase !== 'Running')).toBe(true);
    const node = everything[0]!.spec!.nodeName!;
    const onNode = (await core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${node},metadata.namespace==${everything[0]!.metadata!.namespace!}` })).items;
    expect(onNode.length).toBeGreaterThan(0);
    expect(onNode.every((p) => p.spec?.nodeName === node && p.metadata?.namespace === everything[0]!.metadata!.namespace)).toBe(true);
    const byName = (await core.listNamespacedPod({ namespace: everything[3]!.metadata!.namespace!, fieldSelector: `metadata.name=${everything[3]!.metadata!.name!}` })).items;
    expect(byName.map((p) => p.metadata?.uid)).toEqual([everything[3]!.metadata!.uid]);
  });

  it('filters by label selectors of every operator', async () => {
    const everything = (await core.listPodForAllNamespaces()).items;
    const labels = (p: V1Pod): Record<string, string> => p.metadata?.labels ?? {};
    const app = labels(everything[10]!)['app']!;
    const cases: Array<[string, (l: Record<string, string>) => boolean]> = [
      [`app=${app}`, (l) => l['app'] === app],
      [`app==${app}`, (l) => l['app'] === app],
      [`app!=${app}`, (l) => l['app'] !== app],
      [`app in (${app}, nothing-else)`, (l) => l['app'] === app],
      [`app notin (${app})`, (l) => l['app'] !== app],
      ['pod-template-hash', (l) => 'pod-template-hash' in l],
      ['!pod-template-hash', (l) => !('pod-template-hash' in l)],
      [`pod-template-hash,app.kubernetes.io/component=operator`, (l) => 'pod-template-hash' in l && l['app.kubernetes.io/component'] === 'operator'],
    ];
    for (const [selector, predicate] of cases) {
      const got = (await core.listPodForAllNamespaces({ labelSelector: selector })).items;
      const want = everything.filter((p) => predicate(labels(p)));
      expect(want.length, selector).toBeGreaterThan(0);
      expect(got.map((p) => p.metadata?.uid), selector).toEqual(want.map((p) => p.metadata?.uid));
    }
  });

  it('paginates filtered lists without losing or repeating items', async () => {
    const want = (await core.listPodForAllNamespaces({ labelSelector: 'pod-template-hash' })).items.map((p) => p.metadata?.uid);
    const { pods } = await allPods({ limit: 50, labelSelector: 'pod-template-hash' });
    expect(pods.map((p) => p.metadata?.uid)).toEqual(want);
  });

  it('rejects unsupported fields and unparsable selectors with 400', async () => {
    for (const q of ['fieldSelector=spec.bogus%3Dx', 'labelSelector=a%20in%20b', 'labelSelector=%3D%3Dx']) {
      const res = await rawRequest(sim, `/api/v1/pods?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.json()).toMatchObject({ reason: 'BadRequest' });
    }
    expect((await rawRequest(sim, '/apis/config.openshift.io/v1/clusteroperators?fieldSelector=status.phase%3DRunning')).status).toBe(400);
  });
});
