import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiException, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { useKubeSim } from './harness.ts';
import { SAMPLE_FIXTURE } from './index.ts';
import type { KubeObject } from './index.ts';
import { rawRequest } from './test-helpers.ts';

type Json = Record<string, any>;

/** The Status message of a failed call, whatever shape client-node left the body in. */
async function failure(promise: Promise<unknown>): Promise<{ code: number; message: string; reason: string }> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof ApiException)) throw error;
    const body = (typeof error.body === 'string' ? JSON.parse(error.body) : error.body) as Json;
    return { code: error.code, message: body['message'], reason: body['reason'] };
  }
  throw new Error('expected the request to fail');
}

const RFC3339_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /;
const lines = (text: string): string[] => text.split('\n').slice(0, -1);

describe('pod logs of a generated cluster', async () => {
  const kube = await useKubeSim({ scale: 'small' });
  let api: CoreV1Api;
  let pods: Json[];
  const find = (test: (p: Json) => boolean, what: string): Json => {
    const pod = pods.find(test);
    if (pod === undefined) throw new Error(`the small cluster has no ${what}`);
    return pod;
  };
  const crashing = (): { pod: Json; container: string } => {
    const pod = find((p) => p['status'].containerStatuses.some((c: Json) => c['state'].waiting?.reason === 'CrashLoopBackOff'), 'crash-looping pod');
    return { pod, container: pod['status'].containerStatuses.find((c: Json) => c['state'].waiting?.reason === 'CrashLoopBackOff')['name'] };
  };
  const running = (containers: number): Json =>
    find((p) => p['status'].phase === 'Running' && p['spec'].containers.length === containers && p['status'].containerStatuses.every((c: Json) => c['state'].running && c['restartCount'] === 0), `running pod with ${containers} containers`);

  beforeAll(() => {
    const kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    api = kc.makeApiClient(CoreV1Api);
    pods = kube.sim.store.list('v1', 'Pod') as unknown as Json[];
  });

  it('serves a crash-looping container\'s previous log, ending in a panic, the same on every read', async () => {
    const { pod, container } = crashing();
    const args = { name: pod['metadata'].name, namespace: pod['metadata'].namespace, container, previous: true };
    const previous = await api.readNamespacedPodLog(args);
    expect(lines(previous).length).toBeGreaterThan(24);
    expect(previous).toMatch(/Observed a panic/);
    expect(previous).toMatch(/\ngoroutine \d+ \[running\]:\n/);
    expect(lines(previous).at(-1)).toMatch(/^\t\/go\/src\/.*\.go:\d+ \+0x[0-9a-f]+$/);
    expect(await api.readNamespacedPodLog(args)).toBe(previous);
    // The kubelet answers for a waiting container with its last terminated instance.
    expect(await api.readNamespacedPodLog({ ...args, previous: false })).toBe(previous);
  });

  it('prefixes RFC 3339 timestamps with nine fractional digits, in order, and honours tailLines and limitBytes', async () => {
    const pod = running(1);
    const args = { name: pod['metadata'].name, namespace: pod['metadata'].namespace };
    const plain = lines(await api.readNamespacedPodLog(args));
    const stamped = lines(await api.readNamespacedPodLog({ ...args, timestamps: true }));
    expect(plain.length).toBeGreaterThanOrEqual(24);
    expect(stamped.every((l) => RFC3339_NANO.test(l))).toBe(true);
    expect(stamped.map((l) => l.slice(31))).toEqual(plain);
    const times = stamped.map((l) => l.slice(0, 30));
    expect(times).toEqual([...times].sort());
    expect(Date.parse(times[0]!)).toBeGreaterThanOrEqual(Date.parse(pod['status'].containerStatuses[0].state.running.startedAt));
    expect(lines(await api.readNamespacedPodLog({ ...args, tailLines: 5 }))).toEqual(plain.slice(-5));
    expect(await api.readNamespacedPodLog({ ...args, tailLines: 0 })).toBe('');
    const full = `${plain.join('\n')}\n`;
    expect(await api.readNamespacedPodLog({ ...args, limitBytes: 100 })).toBe(full.slice(0, 100));
  });

  it('filters by sinceTime on the lines\' timestamps, and answers text/plain', async () => {
    const pod = running(1);
    const base = `/api/v1/namespaces/${pod['metadata'].namespace}/pods/${pod['metadata'].name}/log`;
    const stamped = lines((await rawRequest(kube.sim, `${base}?timestamps=true`)).body);
    const pivot = stamped[Math.floor(stamped.length / 2)]!.slice(0, 19) + 'Z';
    const res = await rawRequest(kube.sim, `${base}?timestamps=true&sinceTime=${pivot}`);
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/plain/);
    const expected = stamped.filter((l) => Date.parse(l.slice(0, 30)) >= Date.parse(pivot));
    expect(lines(res.body)).toEqual(expected);
    expect(expected.length).toBeLessThan(stamped.length);
  });

  it('asks for a container name when the pod has several, in kube\'s words', async () => {
    const pod = running(2);
    const names = pod['spec'].containers.map((c: Json) => c['name']).join(' ');
    const err = await failure(api.readNamespacedPodLog({ name: pod['metadata'].name, namespace: pod['metadata'].namespace }));
    expect(err).toEqual({ code: 400, reason: 'BadRequest', message: `a container name must be specified for pod ${pod['metadata'].name}, choose one of: [${names}]` });
    const second = pod['spec'].containers[1]['name'];
    expect(lines(await api.readNamespacedPodLog({ name: pod['metadata'].name, namespace: pod['metadata'].namespace, container: second })).length).toBeGreaterThan(20);
    const bad = await failure(api.readNamespacedPodLog({ name: pod['metadata'].name, namespace: pod['metadata'].namespace, container: 'nope' }));
    expect(bad).toMatchObject({ code: 400, message: `container nope is not valid for pod ${pod['metadata'].name}` });
  });

  it('has no previous log for a container that never restarted', async () => {
    const pod = running(1);
    const container = pod['spec'].containers[0]['name'];
    const err = await failure(api.readNamespacedPodLog({ name: pod['metadata'].name, namespace: pod['metadata'].namespace, previous: true }));
    expect(err).toEqual({ code: 400, reason: 'BadRequest', message: `previous terminated container "${container}" in pod "${pod['metadata'].name}" not found` });
  });

  it('answers for pending pods as kube does: waiting containers are an error, unscheduled pods have an empty log', async () => {
    const waiting = find((p) => p['status'].phase === 'Pending' && p['spec'].nodeName !== undefined && p['spec'].containers.length === 1, 'scheduled pending pod');
    const err = await failure(api.readNamespacedPodLog({ name: waiting['metadata'].name, namespace: waiting['metadata'].namespace }));
    expect(err.message).toBe(`container "${waiting['spec'].containers[0].name}" in pod "${waiting['metadata'].name}" is waiting to start: ContainerCreating`);
    const unscheduled = find((p) => p['status'].phase === 'Pending' && p['spec'].nodeName === undefined && p['spec'].containers.length === 1, 'unscheduled pod');
    expect(await api.readNamespacedPodLog({ name: unscheduled['metadata'].name, namespace: unscheduled['metadata'].namespace })).toBe('');
  });

  it('validates options and the pod as the apiserver does', async () => {
    const pod = running(1);
    const base = `/api/v1/namespaces/${pod['metadata'].namespace}/pods/${pod['metadata'].name}/log`;
    const tail = await rawRequest(kube.sim, `${base}?tailLines=-1`);
    expect(tail.status).toBe(422);
    expect(tail.json()).toMatchObject({ kind: 'Status', reason: 'Invalid', message: `PodLogOptions "${pod['metadata'].name}" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0` });
    const both = await rawRequest(kube.sim, `${base}?sinceSeconds=10&sinceTime=2024-11-04T08:00:00Z`);
    expect(both.status).toBe(422);
    expect(both.json<Json>()['message']).toContain('at most one of `sinceTime` or `sinceSeconds` may be specified');
    expect((await rawRequest(kube.sim, `${base}?limitBytes=0`)).json<Json>()['message']).toContain('limitBytes: Invalid value: 0: must be greater than 0');
    expect((await rawRequest(kube.sim, `${base}?tailLines=ten`)).status).toBe(400);
    expect((await rawRequest(kube.sim, base, { method: 'POST' })).status).toBe(405);
    const missing = await failure(api.readNamespacedPodLog({ name: 'no-such-pod', namespace: pod['metadata'].namespace }));
    expect(missing).toEqual({ code: 404, reason: 'NotFound', message: 'pods "no-such-pod" not found' });
  });

  it('serves logs set by a test, current and previous, with sinceSeconds counted from now', async () => {
    const pod = running(1);
    const [ns, name, container] = [pod['metadata'].namespace, pod['metadata'].name, pod['spec'].containers[0].name];
    const now = Date.now();
    kube.sim.logs.set(ns, name, container, [
      { time: now - 600_000, text: 'ten minutes ago' },
      { time: new Date(now - 30_000), text: 'half a minute ago' },
      `${new Date(now - 5_000).toISOString()} five seconds ago`,
      'a continuation line',
    ]);
    kube.sim.logs.set(ns, name, container, ['the instance before'], { previous: true });
    try {
      expect(await api.readNamespacedPodLog({ name, namespace: ns })).toBe('ten minutes ago\nhalf a minute ago\nfive seconds ago\na continuation line\n');
      expect(await api.readNamespacedPodLog({ name, namespace: ns, sinceSeconds: 120 })).toBe('half a minute ago\nfive seconds ago\na continuation line\n');
      const stamped = lines(await api.readNamespacedPodLog({ name, namespace: ns, timestamps: true, tailLines: 2 }));
      expect(stamped[1]!.slice(0, 30)).toBe(stamped[0]!.slice(0, 30));
      expect(await api.readNamespacedPodLog({ name, namespace: ns, previous: true })).toBe('the instance before\n');
    } finally {
      kube.sim.logs.delete(ns, name, container);
      kube.sim.logs.delete(ns, name, container, { previous: true });
    }
    expect(await api.readNamespacedPodLog({ name, namespace: ns })).not.toContain('ten minutes ago');
  });
});

describe('pod logs seeded from the sample archive', async () => {
  const kube = await useKubeSim({ fixture: 'sample' });
  let api: CoreV1Api;
  beforeAll(() => {
    const kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    api = kc.makeApiClient(CoreV1Api);
  });

  it('serves a log file as its container\'s log, timestamps split off and given back on request', async () => {
    const file = readFileSync(join(SAMPLE_FIXTURE, 'conditional/namespaces/openshift-monitoring/pods/alertmanager-main-0/containers/alertmanager/logs/last-50-lines.log'), 'utf8');
    const args = { name: 'alertmanager-main-0', namespace: 'openshift-monitoring', container: 'alertmanager' };
    const stamped = await api.readNamespacedPodLog({ ...args, timestamps: true });
    expect(stamped.trimEnd()).toBe(file.trimEnd());
    expect((await api.readNamespacedPodLog(args)).trimEnd()).toBe(file.trimEnd().split('\n').map((l) => l.slice(31)).join('\n'));
  });

  it('makes a pod for logs whose pod the archive does not define', async () => {
    const pod = kube.sim.store.get('v1', 'Pod', 'openshift-kube-scheduler-ip-10-0-141-107.us-east-2.compute.internal', 'openshift-kube-scheduler') as KubeObject & Json;
    expect(pod['spec'].nodeName).toBe('ip-10-0-141-107.us-east-2.compute.internal');
    expect(pod['spec'].containers.map((c: Json) => c['name'])).toEqual(['kube-scheduler']);
    const log = await api.readNamespacedPodLog({ name: pod.metadata.name, namespace: 'openshift-kube-scheduler' });
    expect(log).toContain('kind: PodTopologySpreadArgs');
  });
});

describe('useKubeSim', () => {
  let path = '';
  describe('inside', async () => {
    const kube = await useKubeSim({});
    it('writes a kubeconfig and serves', async () => {
      path = kube.kubeconfigPath;
      expect(existsSync(path)).toBe(true);
      expect(readFileSync(path, 'utf8')).toContain(kube.sim.url);
      expect((await rawRequest(kube.sim, '/version')).status).toBe(200);
    });
  });
  it('removes the kubeconfig once the suite is done', () => {
    expect(path).not.toBe('');
    expect(existsSync(path)).toBe(false);
  });
});
