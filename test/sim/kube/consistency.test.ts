import { ApiException, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCONSISTENT_CONTINUE } from './errors.ts';
import { startKubeSim } from './index.ts';
import type { KubeSim } from './index.ts';
import { rawRequest } from './test-helpers.ts';

let sim: KubeSim;
let core: CoreV1Api;

const NS = 'paged';
const name = (i: number): string => `cm-${String(i).padStart(4, '0')}`;

beforeAll(async () => {
  sim = await startKubeSim({});
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfigYaml());
  core = kc.makeApiClient(CoreV1Api);
  sim.store.add({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  for (let i = 0; i < 300; i += 2) sim.store.add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: name(i), namespace: NS }, data: { v: '0' } });
});
afterAll(() => sim.close());

type List = { metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number }; items: Array<{ metadata: { name: string; resourceVersion: string }; data?: Record<string, string> }> };
const list = async (query: string): Promise<List> => (await rawRequest(sim, `/api/v1/namespaces/${NS}/configmaps?${query}`)).json<List>();

describe('resourceVersion', () => {
  it('is one counter for the whole store: every write bumps it and lists report it', async () => {
    const start = Number(sim.store.resourceVersion);
    const a = await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'rv-a' } } });
    const s = await core.createNamespacedSecret({ namespace: NS, body: { metadata: { name: 'rv-s' } } });
    const a2 = await core.replaceNamespacedConfigMap({ name: 'rv-a', namespace: NS, body: { ...a, data: { x: 'y' } } });
    await core.deleteNamespacedSecret({ name: 'rv-s', namespace: NS });
    expect([a, s, a2].map((o) => Number(o.metadata?.resourceVersion))).toEqual([start + 1, start + 2, start + 3]);
    expect(sim.store.resourceVersion).toBe(String(start + 4));
    expect((await core.listNamespacedSecret({ namespace: NS })).metadata?.resourceVersion).toBe(String(start + 4));
    await core.deleteNamespacedConfigMap({ name: 'rv-a', namespace: NS });
  });
});

describe('paging under concurrent writes', () => {
  it('serves every page as of the first page: later creates, deletes and updates do not show', async () => {
    const all = await list('');
    const first = await list('limit=100');
    expect(first.items).toHaveLength(100);
    // Changes ahead of the cursor: a new key, a deleted key, an updated object; and one behind it.
    await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: name(201) } } });
    await core.deleteNamespacedConfigMap({ name: name(200), namespace: NS });
    await core.patchNamespacedConfigMap({ name: name(250), namespace: NS, body: [{ op: 'replace', path: '/data/v', value: '1' }] });
    await core.deleteNamespacedConfigMap({ name: name(0), namespace: NS });

    const pages = [first];
    while (pages.at(-1)!.metadata.continue !== undefined) pages.push(await list(`limit=100&continue=${pages.at(-1)!.metadata.continue}`));
    expect(pages.map((p) => p.metadata.resourceVersion)).toEqual(pages.map(() => all.metadata.resourceVersion));
    expect(pages.map((p) => p.metadata.remainingItemCount)).toEqual([50, undefined]);
    const items = pages.flatMap((p) => p.items);
    expect(items).toEqual(all.items);
    expect(items.find((i) => i.metadata.name === name(250))?.data).toEqual({ v: '0' });

    // A new list sees the writes.
    const now = (await list('')).items.map((i) => i.metadata.name);
    expect(now).toContain(name(201));
    expect(now).not.toContain(name(200));
    expect(now).not.toContain(name(0));
  });

  it('reads an exact older resourceVersion, and answers ones out of range with 410 or 504', async () => {
    const before = await list('');
    await core.deleteNamespacedConfigMap({ name: name(2), namespace: NS });
    const exact = await list(`resourceVersion=${before.metadata.resourceVersion}&resourceVersionMatch=Exact`);
    expect(exact.items).toEqual(before.items);
    // Not older than: the newest state.
    expect((await list(`resourceVersion=${before.metadata.resourceVersion}&resourceVersionMatch=NotOlderThan`)).items).toHaveLength(before.items.length - 1);

    const future = await rawRequest(sim, `/api/v1/namespaces/${NS}/configmaps?resourceVersion=${Number(sim.store.resourceVersion) + 100}`);
    expect(future.status).toBe(504);
    expect(future.json()).toMatchObject({ reason: 'Timeout', details: { causes: [{ reason: 'ResourceVersionTooLarge' }] } });

    sim.store.compact();
    const gone = await rawRequest(sim, `/api/v1/namespaces/${NS}/configmaps?resourceVersion=${before.metadata.resourceVersion}&resourceVersionMatch=Exact`);
    expect(gone.status).toBe(410);
    expect(gone.json()).toMatchObject({ reason: 'Expired', message: 'The resourceVersion for the provided list is too old.' });
  });

  it('answers a continue token older than the history with 410 Expired and an inconsistent continue token', async () => {
    const first = await list('limit=40');
    await core.deleteNamespacedConfigMap({ name: name(100), namespace: NS });
    sim.store.compact();
    const res = await rawRequest(sim, `/api/v1/namespaces/${NS}/configmaps?limit=40&continue=${first.metadata.continue}`);
    expect(res.status).toBe(410);
    const status = res.json<{ metadata: { continue: string } }>();
    expect(status).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: { continue: expect.any(String) as string }, status: 'Failure', code: 410, reason: 'Expired',
      message: INCONSISTENT_CONTINUE,
    });
    expect(INCONSISTENT_CONTINUE).toMatch(/^The provided continue parameter is too old to display a consistent list result\. You can start a new list without the continue parameter, or use the continue token in this response/);
    // As kube's: revision -1 and the same start key.
    const token = JSON.parse(Buffer.from(status.metadata.continue, 'base64url').toString()) as Record<string, unknown>;
    const original = JSON.parse(Buffer.from(first.metadata.continue!, 'base64url').toString()) as Record<string, unknown>;
    expect(token).toEqual({ ...original, rv: -1 });

    // Continuing with it reads the newest state from where the first page stopped.
    const rest = await list(`limit=1000&continue=${status.metadata.continue}`);
    expect(rest.metadata.resourceVersion).toBe(sim.store.resourceVersion);
    expect(rest.items[0]!.metadata.name > first.items.at(-1)!.metadata.name).toBe(true);
    expect(rest.items.map((i) => i.metadata.name)).not.toContain(name(100));

    // Through client-node the 410 is an ApiException with the code.
    const again = await list('limit=40');
    await core.deleteNamespacedConfigMap({ name: name(102), namespace: NS });
    sim.store.compact();
    const error = await core.listNamespacedConfigMap({ namespace: NS, limit: 40, _continue: again.metadata.continue }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiException);
    expect((error as ApiException<string>).code).toBe(410);
  });

  it('compacts by itself beyond the configured number of revisions', async () => {
    const small = await startKubeSim({ history: { revisions: 5 } });
    try {
      small.store.add({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } });
      for (let i = 0; i < 10; i++) small.store.add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}`, namespace: 'n' } });
      const first = (await rawRequest(small, '/api/v1/namespaces/n/configmaps?limit=3')).json<List>();
      const page = async (): Promise<number> => (await rawRequest(small, `/api/v1/namespaces/n/configmaps?limit=3&continue=${first.metadata.continue}`)).status;
      for (let i = 0; i < 5; i++) small.store.add({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `s${i}`, namespace: 'n' } });
      expect(await page()).toBe(200);
      small.store.add({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's-last', namespace: 'n' } });
      expect(await page()).toBe(410);
    } finally {
      await small.close();
    }
  });
});

describe('cost', () => {
  it('keeps continued pages O(page) at 100,000 objects with writes between pages', async () => {
    const big = await startKubeSim({});
    try {
      big.store.add({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'big' } });
      for (let i = 0; i < 100_000; i++) big.store.add({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${String(i).padStart(6, '0')}`, namespace: 'big' } });
      const first = (await rawRequest(big, '/api/v1/pods?limit=500')).json<List>();
      const podType = big.store.registry.byKind('v1', 'Pod')!;
      const sorted = big.store.sortedEntries(podType);
      // Writes after the first page: the sorted keys are updated in place, not rebuilt.
      for (let i = 0; i < 300; i++) big.store.add({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${String(i * 200).padStart(6, '0')}x`, namespace: 'big' } });
      for (let i = 0; i < 300; i++) big.store.remove('v1', 'Pod', `p-${String(i * 200 + 1).padStart(6, '0')}`, 'big');
      expect(big.store.sortedEntries(podType)).toBe(sorted);
      let token = first.metadata.continue!;
      const started = performance.now();
      const names = first.items.map((i) => i.metadata.name);
      for (let p = 0; p < 20; p++) {
        const page = (await rawRequest(big, `/api/v1/pods?limit=500&continue=${token}`)).json<List>();
        expect(page.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
        names.push(...page.items.map((i) => i.metadata.name));
        token = page.metadata.continue!;
      }
      // 20 pages of 500 from a snapshot of 100,000: generous for a shared two-core machine.
      expect(performance.now() - started).toBeLessThan(5000);
      // The pages are the snapshot: removed pods still there, added ones not yet.
      expect(names).toHaveLength(10_500);
      expect(names).toContain('p-000601');
      expect(names.filter((n) => n.endsWith('x'))).toEqual([]);
      const next = (await rawRequest(big, `/api/v1/pods?limit=500&continue=${token}`)).json<List>();
      expect(next.metadata.remainingItemCount).toBe(100_000 - 11_000);
    } finally {
      await big.close();
    }
  });
});
