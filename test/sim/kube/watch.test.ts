import { request } from 'node:https';
import { ADD, CoreV1Api, DELETE, KubeConfig, makeInformer, UPDATE, Watch } from '@kubernetes/client-node';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim } from './index.ts';
import type { KubeSim } from './index.ts';

let sim: KubeSim;
let kc: KubeConfig;
let core: CoreV1Api;

beforeAll(async () => {
  sim = await startKubeSim({ bookmarkIntervalMs: 100 });
  kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfigYaml());
  core = kc.makeApiClient(CoreV1Api);
  for (const name of ['w', 'other', 'inf']) await core.createNamespace({ body: { metadata: { name } } });
});
afterAll(() => sim.close());

interface Event { type: string; object: Record<string, any> }

/** Polls until `check` passes; generous, since the machine is shared. */
async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A watch through client-node's Watch, collecting events until it ends. */
async function watch(path: string, params: Record<string, string | number | boolean> = {}) {
  const events: Event[] = [];
  let ended: unknown = 'open';
  const controller = await new Watch(kc).watch(path, params, (type, object) => events.push({ type, object }), (err) => (ended = err));
  return { events, controller, ended: () => ended, names: () => events.map((e) => `${e.type} ${e.object['metadata']?.name ?? ''}`) };
}

const cm = (name: string, labels: Record<string, string> = {}, namespace = 'w'): { namespace: string; body: V1ConfigMap } =>
  ({ namespace, body: { metadata: { name, labels } } });

describe('watch protocol', () => {
  it('streams chunked newline-delimited events: the current state as ADDED, then live changes', async () => {
    await core.createNamespacedConfigMap(cm('first'));
    const head = await new Promise<{ status: number; headers: Record<string, unknown>; lines: string[]; stop: () => void }>((resolve, reject) => {
      const lines: string[] = [];
      const req = request(`${sim.url}/api/v1/namespaces/w/configmaps?watch=true`, { ca: sim.caPem, headers: { authorization: `Bearer ${sim.token}` } }, (res) => {
        let buffered = '';
        res.on('data', (c: Buffer) => {
          buffered += c.toString();
          const parts = buffered.split('\n');
          buffered = parts.pop()!;
          lines.push(...parts);
        });
        resolve({ status: res.statusCode ?? 0, headers: res.headers, lines, stop: () => req.destroy() });
      });
      req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)));
      req.end();
    });
    try {
      expect(head.status).toBe(200);
      expect(head.headers['transfer-encoding']).toBe('chunked');
      expect(head.headers['content-type']).toBe('application/json');
      await until(() => head.lines.length >= 1, 'the initial ADDED');
      const added = JSON.parse(head.lines[0]!) as Event;
      expect(added).toMatchObject({ type: 'ADDED', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'first', namespace: 'w' } } });

      const updated = await core.patchNamespacedConfigMap({ name: 'first', namespace: 'w', body: [{ op: 'add', path: '/data', value: { a: 'b' } }] });
      await core.deleteNamespacedConfigMap({ name: 'first', namespace: 'w' });
      await until(() => head.lines.length >= 3, 'MODIFIED and DELETED');
      const [modified, deleted] = head.lines.slice(1, 3).map((l) => JSON.parse(l) as Event);
      expect(modified).toMatchObject({ type: 'MODIFIED', object: { data: { a: 'b' }, metadata: { resourceVersion: updated.metadata?.resourceVersion } } });
      // The deleted object carries the deletion's resourceVersion, one past the update's.
      expect(deleted!.type).toBe('DELETED');
      expect(Number(deleted!.object['metadata'].resourceVersion)).toBe(Number(updated.metadata?.resourceVersion) + 1);
    } finally {
      head.stop();
    }
  });

  it('resumes from a resourceVersion with only the later events, filtered by namespace and labels', async () => {
    const base = await core.createNamespacedConfigMap(cm('before', { app: 'x' }));
    const from = base.metadata!.resourceVersion!;
    await core.createNamespacedConfigMap(cm('after', { app: 'x' }));
    await core.createNamespacedConfigMap(cm('unlabelled'));
    await core.createNamespacedConfigMap(cm('elsewhere', { app: 'x' }, 'other'));
    const w = await watch('/api/v1/namespaces/w/configmaps', { resourceVersion: from, labelSelector: 'app=x' });
    try {
      await until(() => w.events.length >= 1, 'the replayed ADDED');
      // Leaving the selection is a DELETED, entering it an ADDED, as kube's watch cache reports them.
      await core.patchNamespacedConfigMap({ name: 'after', namespace: 'w', body: [{ op: 'replace', path: '/metadata/labels/app', value: 'y' }] });
      await core.patchNamespacedConfigMap({ name: 'unlabelled', namespace: 'w', body: [{ op: 'add', path: '/metadata/labels', value: { app: 'x' } }] });
      await until(() => w.events.length >= 3, 'the live events');
      expect(w.names()).toEqual(['ADDED after', 'DELETED after', 'ADDED unlabelled']);
    } finally {
      w.controller.abort();
    }
  });

  it('answers a compacted resourceVersion with an ERROR event carrying 410 Expired, then ends', async () => {
    const old = (await core.createNamespacedConfigMap(cm('stale'))).metadata!.resourceVersion!;
    await core.deleteNamespacedConfigMap({ name: 'stale', namespace: 'w' });
    sim.store.compact();
    const w = await watch('/api/v1/namespaces/w/configmaps', { resourceVersion: old });
    await until(() => w.ended() !== 'open', 'the end of the watch');
    expect(w.ended()).toBeNull();
    expect(w.events).toEqual([{
      type: 'ERROR',
      object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${old} (${sim.store.compactedRevision})`, reason: 'Expired', code: 410 },
    }]);
  });

  it('sends BOOKMARKs when allowed, and honours timeoutSeconds', async () => {
    const started = Date.now();
    const w = await watch('/api/v1/namespaces/w/configmaps', { resourceVersion: sim.store.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 1 });
    await until(() => w.events.some((e) => e.type === 'BOOKMARK'), 'a bookmark');
    const bookmark = w.events.find((e) => e.type === 'BOOKMARK')!;
    expect(bookmark.object).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: sim.store.resourceVersion } });
    await until(() => w.ended() !== 'open', 'the timeout');
    expect(w.ended()).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    // Without allowWatchBookmarks there are none.
    const quiet = await watch('/api/v1/namespaces/w/configmaps', { resourceVersion: sim.store.resourceVersion, timeoutSeconds: 1 });
    await until(() => quiet.ended() !== 'open', 'the timeout');
    expect(quiet.events).toEqual([]);
  });

  it('watches one object on its own path and on the legacy /watch/ path', async () => {
    await core.createNamespacedConfigMap(cm('solo'));
    await core.createNamespacedConfigMap(cm('crowd'));
    for (const path of ['/api/v1/namespaces/w/configmaps/solo', '/api/v1/watch/namespaces/w/configmaps/solo']) {
      const w = await watch(path);
      await until(() => w.events.length >= 1, path);
      await new Promise((r) => setTimeout(r, 50));
      w.controller.abort();
      expect(w.names(), path).toEqual(['ADDED solo']);
    }
  });
});

describe('informers (ListWatch)', () => {
  it('gets add, update and delete, and relists after a 410', async () => {
    await core.createNamespacedConfigMap(cm('seed', {}, 'inf'));
    const seen: string[] = [];
    const informer = makeInformer(kc, '/api/v1/namespaces/inf/configmaps', () => core.listNamespacedConfigMap({ namespace: 'inf' }));
    informer.on(ADD, (o) => seen.push(`add ${o.metadata?.name}`));
    informer.on(UPDATE, (o) => seen.push(`update ${o.metadata?.name} ${o.data?.['v']}`));
    informer.on(DELETE, (o) => seen.push(`delete ${o.metadata?.name}`));
    const errors: unknown[] = [];
    informer.on('error', (e) => errors.push(e));
    await informer.start();
    try {
      await until(() => seen.includes('add seed'), 'the listed object');
      const watchesBefore = sim.requests.filter((r) => r.path === '/api/v1/namespaces/inf/configmaps' && r.query.includes('watch=true')).length;
      expect(watchesBefore).toBe(1);
      await core.createNamespacedConfigMap(cm('live', {}, 'inf'));
      await core.patchNamespacedConfigMap({ name: 'live', namespace: 'inf', body: [{ op: 'add', path: '/data', value: { v: '2' } }] });
      await core.deleteNamespacedConfigMap({ name: 'seed', namespace: 'inf' });
      const lastSeen = sim.store.resourceVersion;
      await until(() => seen.length >= 4, 'the live events');
      expect(seen).toEqual(['add seed', 'add live', 'update live 2', 'delete seed']);

      // Writes elsewhere move the revision on; compaction makes the informer's last one too old.
      await core.createNamespacedSecret({ namespace: 'other', body: { metadata: { name: 'moves-rv' } } });
      sim.store.compact();
      const lists = (): number => sim.requests.filter((r) => r.path === '/api/v1/namespaces/inf/configmaps' && !r.query.includes('watch')).length;
      const listsBefore = lists();
      const mark = sim.requests.length;
      await sim.endWatches();
      // It reconnects from its resourceVersion, gets 410, relists, and watches again.
      await until(() => lists() === listsBefore + 1, 'the relist');
      const calls = sim.requests.slice(mark).filter((r) => r.path === '/api/v1/namespaces/inf/configmaps');
      expect(calls.slice(0, 2).map((r) => (r.query.includes('watch=true') ? 'watch' : 'list'))).toEqual(['watch', 'list']);
      expect(calls[0]!.query).toContain(`resourceVersion=${lastSeen}`);
      await core.createNamespacedConfigMap(cm('after-relist', {}, 'inf'));
      await until(() => seen.includes('add after-relist'), 'an event after the relist');
      expect(informer.list().map((o) => o.metadata?.name).sort()).toEqual(['after-relist', 'live']);
      expect(errors).toEqual([]);
    } finally {
      await informer.stop();
    }
  });
});

describe('closing', () => {
  it('counts open watches, and forgets one its client aborts', async () => {
    const own = await startKubeSim({});
    try {
      const cfg = new KubeConfig();
      cfg.loadFromString(own.kubeconfigYaml());
      expect(own.openWatches).toBe(0);
      const controller = await new Watch(cfg).watch('/api/v1/namespaces', {}, () => undefined, () => undefined);
      await until(() => own.openWatches === 1, 'the watch to be counted');
      controller.abort();
      await until(() => own.openWatches === 0, 'the aborted watch to be forgotten');
    } finally {
      await own.close();
    }
  });

  it('ends open watches cleanly when the simulator closes', async () => {
    const own = await startKubeSim({});
    const cfg = new KubeConfig();
    cfg.loadFromString(own.kubeconfigYaml());
    let ended: unknown = 'open';
    await new Watch(cfg).watch('/api/v1/namespaces', {}, () => undefined, (err) => (ended = err));
    await own.close();
    await until(() => ended !== 'open', 'the end of the watch');
    expect(ended).toBeNull();
  });
});
