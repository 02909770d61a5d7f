import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ObjectWatch } from '../../../core/config/object-watch.ts';
import type { ObjectWatchOptions } from '../../../core/config/object-watch.ts';
import type { Scheduler } from '../../../core/time/scheduler.ts';
import { useKubeSim } from '../../sim/kube/harness.ts';

const kube = await useKubeSim({});
let kc: KubeConfig;
let core: CoreV1Api;

beforeAll(async () => {
  kc = new KubeConfig();
  kc.loadFromFile(kube.kubeconfigPath);
  core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: 'ns' } } });
});

const watches: ObjectWatch[] = [];
afterEach(() => {
  for (const w of watches.splice(0)) w.stop();
  kube.sim.faults.clear();
});

/** Records each requested delay and runs the callback at once, so backoffs take no time. */
function immediateScheduler(): Scheduler & { delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    setTimeout(callback, ms) {
      delays.push(ms);
      return setImmediate(callback);
    },
    clearTimeout(handle) {
      clearImmediate(handle as NodeJS.Immediate);
    },
  };
}

function start(options: Partial<ObjectWatchOptions> & { scheduler: Scheduler }) {
  const counts = { changes: 0, connected: 0 };
  const logged: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logged.push(chunk.toString());
      callback();
    },
  });
  const watch = new ObjectWatch({
    kubeConfig: kc, path: '/api/v1/namespaces/ns/configmaps', name: 'watched', description: 'configmap ns/watched',
    logger: pino({ level: 'debug' }, stream), now: () => new Date(0),
    onChange: () => counts.changes++,
    onConnected: () => counts.connected++,
    ...options,
  });
  watches.push(watch);
  watch.start();
  return { watch, counts, log: () => logged.join('') };
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('ObjectWatch', () => {
  it('reopens a failing watch after 1s, doubling to 30s, and stops reopening once stopped', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const unreachable = new KubeConfig();
    unreachable.loadFromOptions({
      clusters: [{ name: 'gone', server: `https://127.0.0.1:${port}` }],
      users: [{ name: 'u', token: 'x' }],
      contexts: [{ name: 'c', cluster: 'gone', user: 'u' }],
      currentContext: 'c',
    });
    const scheduler = immediateScheduler();
    const { watch, counts } = start({ kubeConfig: unreachable, scheduler });
    await until(() => scheduler.delays.length >= 8, 'eight reopen attempts');
    watch.stop();
    const attempts = scheduler.delays.length;
    expect(scheduler.delays.slice(0, 8)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    await new Promise((r) => setTimeout(r, 100));
    expect(scheduler.delays).toHaveLength(attempts);
    expect(counts.connected).toBe(0);
  });

  it('reports changes and connections; an event resets the backoff, a quiet end does not', async () => {
    const scheduler = immediateScheduler();
    const { counts } = start({ scheduler });
    await until(() => counts.connected === 1, 'the watch to open');

    // Ended without any event: 1s, then 2s.
    await kube.sim.endWatches();
    await until(() => counts.connected === 2, 'the first reopen');
    await kube.sim.endWatches();
    await until(() => counts.connected === 3, 'the second reopen');
    expect(scheduler.delays).toEqual([1000, 2000]);

    // An event arrives: the next wait is 1s again.
    await core.createNamespacedConfigMap({ namespace: 'ns', body: { metadata: { name: 'watched' } } });
    await until(() => counts.changes === 1, 'the ADDED event');
    // Another object in the namespace is not watched.
    await core.createNamespacedConfigMap({ namespace: 'ns', body: { metadata: { name: 'unrelated' } } });
    await kube.sim.endWatches();
    await until(() => counts.connected === 4, 'the third reopen');
    expect(scheduler.delays).toEqual([1000, 2000, 1000]);
    // Reopened without a resourceVersion: the current object comes again as ADDED.
    await until(() => counts.changes === 2, 'the ADDED event of the reopened watch');
    expect(counts.changes).toBe(2);
  });

  it('does not reopen a watch answered 404 (the kind is not served)', async () => {
    kube.sim.faults.add({ path: '/apis/example.com/v1/widgets', status: 404 });
    const scheduler = immediateScheduler();
    const { log } = start({ scheduler, path: '/apis/example.com/v1/widgets', description: 'widget cluster' });
    await until(() => log().includes('is not served'), 'the not-served log line');
    await new Promise((r) => setTimeout(r, 100));
    expect(scheduler.delays).toEqual([]);
  });
});
