import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { ApiException, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigObserver } from '../../../core/config/config-observer.ts';
import type { ConfigObserverOptions, ObservedConfig } from '../../../core/config/config-observer.ts';
import { mergeConfig } from '../../../core/config/merge-config.ts';
import { defaultsFromPodConfig } from '../../../core/config/operator-defaults.ts';
import { parseOperatorConfig } from '../../../core/config/operator-config.ts';
import { useKubeSim } from '../../sim/kube/harness.ts';

const H = 3_600_000;
const SUPPORT = 'secret openshift-config/support';
const CONFIGMAP = 'configmap openshift-insights/insights-config';
const PULL = 'secret openshift-config/pull-secret';
const IDG = 'insightsdatagather.config.openshift.io/cluster';
const GROUP = 'config.openshift.io';
const PLURAL = 'insightsdatagathers';

const defaults = defaultsFromPodConfig(parseOperatorConfig(readFileSync('config/pod.yaml', 'utf8'), 'config/pod.yaml'));
const kube = await useKubeSim({});
let kc: KubeConfig;
let core: CoreV1Api;
let custom: CustomObjectsApi;

beforeAll(async () => {
  kc = new KubeConfig();
  kc.loadFromFile(kube.kubeconfigPath);
  core = kc.makeApiClient(CoreV1Api);
  custom = kc.makeApiClient(CustomObjectsApi);
  for (const name of ['openshift-config', 'openshift-insights', 'kube-system']) await core.createNamespace({ body: { metadata: { name } } });
});

const started: ConfigObserver[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((o) => o.stop()));
  kube.sim.faults.clear();
  await Promise.all([
    ignore404(core.deleteNamespacedSecret({ namespace: 'openshift-config', name: 'support' })),
    ignore404(core.deleteNamespacedSecret({ namespace: 'openshift-config', name: 'pull-secret' })),
    ignore404(core.deleteNamespacedSecret({ namespace: 'kube-system', name: 'global-pull-secret' })),
    ignore404(core.deleteNamespacedConfigMap({ namespace: 'openshift-insights', name: 'insights-config' })),
    ignore404(custom.deleteClusterCustomObject({ group: GROUP, version: 'v1', plural: PLURAL, name: 'cluster' })),
  ]);
});

async function ignore404(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    if (!(error instanceof ApiException && error.code === 404)) throw error;
  }
}

/** A pino logger whose output is kept, to search it. */
function capturedLogger() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const lines = (): string[] => chunks.join('').split('\n').filter((l) => l !== '');
  return {
    logger: pino({ level: 'debug' }, stream),
    text: () => chunks.join(''),
    lines,
    /** Parsed entries: level name and message. */
    entries: () => lines().map((l) => JSON.parse(l) as { level: number; msg: string }).map((e) => ({ ...e, warn: e.level === 40 })),
  };
}

function observer(options: Partial<ConfigObserverOptions> = {}) {
  const log = capturedLogger();
  const o = new ConfigObserver({ kubeConfig: kc, defaults, logger: log.logger, resyncMs: H, debounceMs: 20, ...options });
  started.push(o);
  return { o, log };
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

async function putSecret(namespace: string, name: string, data: Record<string, string>): Promise<void> {
  const body = { metadata: { name, namespace }, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])) };
  try {
    await core.replaceNamespacedSecret({ namespace, name, body });
  } catch (error) {
    if (!(error instanceof ApiException && error.code === 404)) throw error;
    await core.createNamespacedSecret({ namespace, body });
  }
}

async function putConfigMap(text: string): Promise<void> {
  const namespace = 'openshift-insights';
  const name = 'insights-config';
  const body = { metadata: { name, namespace }, data: { 'config.yaml': text } };
  try {
    await core.replaceNamespacedConfigMap({ namespace, name, body });
  } catch (error) {
    if (!(error instanceof ApiException && error.code === 404)) throw error;
    await core.createNamespacedConfigMap({ namespace, body });
  }
}

async function putDataGather(version: 'v1' | 'v1alpha1', spec: unknown): Promise<void> {
  await ignore404(custom.deleteClusterCustomObject({ group: GROUP, version, plural: PLURAL, name: 'cluster' }));
  await custom.createClusterCustomObject({
    group: GROUP, version, plural: PLURAL,
    body: { apiVersion: `${GROUP}/${version}`, kind: 'InsightsDataGather', metadata: { name: 'cluster' }, spec },
  });
}

const pullSecret = (auths: Record<string, { auth: string }>): Record<string, string> => ({ '.dockerconfigjson': JSON.stringify({ auths }) });

/** Polls until `check` passes; generous, since the machine is shared. */
async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const problemOf = (observed: ObservedConfig, source: string) => observed.problems.find((p) => p.source === source);

describe('ConfigObserver: precedence and merge', () => {
  it('merges pod defaults < support secret < configmap, and falls back when a source is deleted', async () => {
    const { o } = observer();
    await o.start();
    expect(o.current().config.intervalMs).toBe(2 * H);
    expect(o.current().config.reporting.uploadEndpoint).toBe(defaults.endpoint);
    expect(o.current().problems).toEqual([]);
    expect(o.current().gathering).toMatchObject({ disabled: [], enabledExceptions: [], gatheringDisabled: false });

    await putSecret('openshift-config', 'support', { interval: '1h', endpoint: 'https://support.example/upload' });
    expect((await o.refresh()).config.intervalMs).toBe(1 * H);
    expect(o.current().config.reporting.uploadEndpoint).toBe('https://support.example/upload');

    await putConfigMap('dataReporting:\n  interval: 3h\n');
    const merged = await o.refresh();
    expect(merged.config.intervalMs).toBe(3 * H);
    expect(merged.config.reporting.uploadEndpoint).toBe('https://support.example/upload');
    expect(merged.problems).toEqual([]);

    await core.deleteNamespacedConfigMap({ namespace: 'openshift-insights', name: 'insights-config' });
    expect((await o.refresh()).config.intervalMs).toBe(1 * H);
    await core.deleteNamespacedSecret({ namespace: 'openshift-config', name: 'support' });
    const back = await o.refresh();
    expect(back.config.intervalMs).toBe(2 * H);
    expect(back.config.reporting.uploadEndpoint).toBe(defaults.endpoint);
    expect(back.problems).toEqual([]);
  });
});

describe('ConfigObserver: watches', () => {
  it('a configmap change made through the API reaches a subscriber through the watch', async () => {
    const { o, log } = observer({ resyncMs: 10 * H });
    await o.start();
    const seen: Array<{ next: ObservedConfig; previous: ObservedConfig }> = [];
    o.configChanged((next, previous) => seen.push({ next, previous }));

    await putConfigMap('dataReporting:\n  interval: 3h\n');
    await until(() => seen.some((s) => s.next.config.intervalMs === 3 * H), 'the 3h interval to be observed');
    const change = seen.find((s) => s.next.config.intervalMs === 3 * H)!;
    expect(change.previous.config.intervalMs).toBe(2 * H);
    expect(o.current().config.intervalMs).toBe(3 * H);
    expect(log.text()).toMatch(/configuration changed: [^"]*intervalMs/);

    // A watch the server ends is opened again (after the 1 s backoff) and still delivers changes.
    await kube.sim.endWatches();
    await putConfigMap('dataReporting:\n  interval: 4h\n');
    await until(() => o.current().config.intervalMs === 4 * H, 'the 4h interval to be observed after the watch ended');
    expect(seen.at(-1)?.next.config.intervalMs).toBe(4 * H);
  });

  it('unsubscribe stops notifications; a throwing listener is logged and the others still run', async () => {
    const { o, log } = observer();
    await o.start();
    const a: number[] = [];
    const b: number[] = [];
    const unsubscribe = o.configChanged((next) => a.push(next.config.intervalMs));
    o.configChanged(() => {
      throw new Error('listener exploded');
    });
    o.configChanged((next) => b.push(next.config.intervalMs));

    await putConfigMap('dataReporting:\n  interval: 3h\n');
    await o.refresh();
    expect(a).toEqual([3 * H]);
    expect(b).toEqual([3 * H]);
    expect(log.text()).toContain('a configuration listener failed');
    expect(log.text()).toContain('listener exploded');

    unsubscribe();
    await putConfigMap('dataReporting:\n  interval: 5h\n');
    await o.refresh();
    expect(a).toEqual([3 * H]);
    expect(b).toEqual([3 * H, 5 * H]);

    // A re-read that changes nothing notifies nobody.
    await o.refresh();
    expect(b).toEqual([3 * H, 5 * H]);
  });

  it('stop() closes every watch, and nothing is notified afterwards', async () => {
    await until(() => kube.sim.openWatches === 0, 'earlier watches to close');
    const { o } = observer({ resyncMs: 50 });
    await o.start();
    // Support secret, configmap, both pull secrets, InsightsDataGather v1.
    await until(() => kube.sim.openWatches === 5, 'five watches to open');
    const calls: number[] = [];
    o.configChanged((next) => calls.push(next.config.intervalMs));

    await o.stop();
    await o.stop();
    await until(() => kube.sim.openWatches === 0, 'the watches to close');
    await putConfigMap('dataReporting:\n  interval: 3h\n');
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toEqual([]);
    expect((await o.refresh()).config.intervalMs).toBe(2 * H);
    expect(kube.sim.openWatches).toBe(0);
  });

  it('start() on an unreachable server does not throw: defaults, and a problem per source', async () => {
    const port = await closedPort();
    const unreachable = new KubeConfig();
    unreachable.loadFromOptions({
      clusters: [{ name: 'gone', server: `https://127.0.0.1:${port}`, caData: b64(kube.sim.caPem) }],
      users: [{ name: 'u', token: 'x' }],
      contexts: [{ name: 'c', cluster: 'gone', user: 'u' }],
      currentContext: 'c',
    });
    const { o, log } = observer({ kubeConfig: unreachable });
    await expect(o.start()).resolves.toBeUndefined();
    const observed = o.current();
    expect(observed.config.intervalMs).toBe(mergeConfig(defaults).intervalMs);
    expect(observed.config.reporting.enabled).toBe(false);
    expect(observed.problems.map((p) => p.source).sort()).toEqual([CONFIGMAP, IDG, PULL, SUPPORT].sort());
    for (const problem of observed.problems) expect(problem.message).toContain(`${problem.source} cannot be read`);
    expect(log.lines().filter((l) => l.includes('cannot be read'))).toHaveLength(4);
    await o.stop();
  });
});

describe('ConfigObserver: rejected inputs keep the last good value', () => {
  it('each bad input keeps the last good config with a problem naming object, key and problem; a fix clears it', async () => {
    await putSecret('openshift-config', 'support', { interval: '1h', endpoint: 'https://support.example/upload' });
    await putConfigMap('dataReporting:\n  interval: 3h\n');
    await putDataGather('v1', { gatherConfig: { gatherers: { mode: 'Custom', custom: { configs: [{ name: 'workloads', state: 'Disabled' }] } } } });
    const { o, log } = observer();
    await o.start();
    const good = o.current();
    expect(good.config.intervalMs).toBe(3 * H);
    expect(good.gathering.disabled).toEqual(['workloads']);
    expect(good.problems).toEqual([]);

    const cases: Array<{ name: string; source: string; apply: () => Promise<void>; expect: string[] }> = [
      { name: 'unparsable YAML', source: CONFIGMAP, apply: () => putConfigMap('dataReporting: [unclosed'), expect: ['openshift-insights/insights-config key config.yaml', 'not YAML'] },
      { name: 'wrong types', source: CONFIGMAP, apply: () => putConfigMap('dataReporting: {interval: 5}'), expect: ['key config.yaml', '/dataReporting/interval'] },
      {
        name: 'secret interval banana', source: SUPPORT,
        apply: () => putSecret('openshift-config', 'support', { interval: 'banana', endpoint: 'https://other.example/upload' }),
        expect: ['openshift-config/support key interval', '"banana"'],
      },
      {
        name: 'secret interval 5m', source: SUPPORT,
        apply: () => putSecret('openshift-config', 'support', { interval: '5m', endpoint: 'https://other.example/upload' }),
        expect: ['openshift-config/support key interval', '5m is too short'],
      },
      { name: 'bad InsightsDataGather', source: IDG, apply: () => putDataGather('v1', { gatherConfig: { gatherers: { mode: 'Sometimes' } } }), expect: [IDG, 'mode', '"All","None","Custom"'] },
    ];
    for (const c of cases) {
      await c.apply();
      const bad = await o.refresh();
      expect(bad.config, c.name).toEqual(good.config);
      expect(bad.gathering, c.name).toEqual(good.gathering);
      expect(bad.problems, c.name).toHaveLength(1);
      const problem = problemOf(bad, c.source);
      for (const part of c.expect) expect(problem?.message, c.name).toContain(part);
      // Logged once, however often it is read again.
      await o.refresh();
      await o.refresh();
      expect(log.entries().filter((e) => e.warn && e.msg === problem!.message), c.name).toHaveLength(1);
      // Fixed: the problem goes.
      await putSecret('openshift-config', 'support', { interval: '1h', endpoint: 'https://support.example/upload' });
      await putConfigMap('dataReporting:\n  interval: 3h\n');
      await putDataGather('v1', { gatherConfig: { gatherers: { mode: 'Custom', custom: { configs: [{ name: 'workloads', state: 'Disabled' }] } } } });
      const fixed = await o.refresh();
      expect(fixed.problems, c.name).toEqual([]);
      expect(fixed.config, c.name).toEqual(good.config);
    }
    // The endpoint of a rejected secret never applied.
    expect(log.text()).not.toContain('other.example');
  });

  it('a configmap interval that is not a duration is a warning (the default 2h applies), not a rejection', async () => {
    const { o, log } = observer();
    await o.start();
    await putConfigMap('dataReporting:\n  interval: banana\n');
    const observed = await o.refresh();
    await o.refresh();
    expect(observed.problems).toEqual([]);
    expect(observed.config.intervalMs).toBe(2 * H);
    expect(log.entries().filter((e) => e.warn && e.msg.includes('"banana" is not a positive duration'))).toHaveLength(1);
  });
});

describe('ConfigObserver: InsightsDataGather in both API forms', () => {
  it('reads v1alpha1 disabledGatherers when v1 is not served, and watches that version', async () => {
    // A cluster from before mid-2025: only v1alpha1 is served.
    kube.sim.faults.add({ path: '/apis/config.openshift.io/v1/insightsdatagathers', status: 404 });
    await putDataGather('v1alpha1', { gatherConfig: { disabledGatherers: ['clusterconfig/nodes'] } });
    const { o } = observer({ resyncMs: 10 * H });
    await o.start();
    expect(o.current().gathering).toMatchObject({ disabled: ['clusterconfig/nodes'], enabledExceptions: [], gatheringDisabled: false });
    expect(o.current().problems).toEqual([]);

    await putDataGather('v1alpha1', { gatherConfig: { disabledGatherers: ['all'] } });
    await until(() => o.current().gathering.gatheringDisabled, 'the v1alpha1 watch to report "all"');
    expect(o.current().gathering.disabled).toEqual(['all']);
  });

  it('reads v1 Custom (gatherer disabled, one function enabled) and None', async () => {
    await putDataGather('v1', { gatherConfig: { gatherers: { mode: 'Custom', custom: { configs: [
      { name: 'clusterconfig', state: 'Disabled' },
      { name: 'clusterconfig/nodes', state: 'Enabled' },
    ] } } } });
    const { o, log } = observer();
    await o.start();
    expect(o.current().gathering).toMatchObject({ disabled: ['clusterconfig'], enabledExceptions: ['clusterconfig/nodes'], gatheringDisabled: false });

    await putDataGather('v1', { gatherConfig: { gatherers: { mode: 'None' } } });
    const none = await o.refresh();
    expect(none.gathering.gatheringDisabled).toBe(true);
    expect(log.text()).toMatch(/configuration changed: [^"]*gathering\.gatheringDisabled/);

    await custom.deleteClusterCustomObject({ group: GROUP, version: 'v1', plural: PLURAL, name: 'cluster' });
    expect((await o.refresh()).gathering).toMatchObject({ disabled: [], enabledExceptions: [], gatheringDisabled: false });
  });

  it('treats a cluster that serves neither version as nothing disabled, without a problem', async () => {
    kube.sim.faults.add({ path: '/apis/config.openshift.io/*/insightsdatagathers', status: 404 });
    const { o } = observer();
    await o.start();
    expect(o.current().gathering.gatheringDisabled).toBe(false);
    expect(o.current().problems).toEqual([]);
  });
});

describe('ConfigObserver: pull-secret token', () => {
  const PRIMARY = 'tok-PRIMARY-6f1c0a';
  const FALLBACK = 'tok-FALLBACK-93bd77';

  it('enables reporting with a token, falls back to kube-system/global-pull-secret, and never logs the token', async () => {
    await putSecret('openshift-config', 'pull-secret', pullSecret({ 'cloud.openshift.com': { auth: PRIMARY }, 'quay.io': { auth: 'other' } }));
    const { o, log } = observer();
    await o.start();
    expect(o.current().config.reporting.enabled).toBe(true);
    expect(o.current().config.token?.reveal()).toBe(PRIMARY);

    await putSecret('openshift-config', 'pull-secret', pullSecret({ 'quay.io': { auth: 'other' } }));
    await putSecret('kube-system', 'global-pull-secret', pullSecret({ 'cloud.openshift.com': { auth: FALLBACK } }));
    const fallback = await o.refresh();
    expect(fallback.config.reporting.enabled).toBe(true);
    expect(fallback.config.token?.reveal()).toBe(FALLBACK);
    expect(log.text()).toMatch(/configuration changed: [^"]*token/);

    await core.deleteNamespacedSecret({ namespace: 'kube-system', name: 'global-pull-secret' });
    const none = await o.refresh();
    expect(none.config.reporting.enabled).toBe(false);
    expect(none.config.token).toBeUndefined();
    expect(none.problems).toEqual([]);

    // A token with a newline makes the secret invalid: no token, and a problem that does not quote it.
    await putSecret('openshift-config', 'pull-secret', pullSecret({ 'cloud.openshift.com': { auth: `${PRIMARY}\nmore` } }));
    const invalid = await o.refresh();
    expect(invalid.config.reporting.enabled).toBe(false);
    expect(problemOf(invalid, PULL)?.message).toContain('openshift-config/pull-secret key .dockerconfigjson');
    // Not JSON either: the message must not quote the text (JSON.parse's own message would).
    await putSecret('openshift-config', 'pull-secret', { '.dockerconfigjson': `{"auths":{"cloud.openshift.com":{"auth":"${PRIMARY}"}}` });
    const broken = await o.refresh();
    expect(problemOf(broken, PULL)?.message).toContain('not valid JSON');

    await putSecret('openshift-config', 'pull-secret', pullSecret({ 'cloud.openshift.com': { auth: PRIMARY } }));
    expect((await o.refresh()).problems).toEqual([]);

    const logged = log.text();
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of [PRIMARY, FALLBACK, b64(PRIMARY), b64(FALLBACK)]) expect(logged).not.toContain(secret);
    for (const observed of [fallback, invalid, broken]) {
      for (const secret of [PRIMARY, FALLBACK]) expect(JSON.stringify(observed)).not.toContain(secret);
    }
  });
});

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
