import { afterEach, describe, expect, it } from 'vitest';
import { operatorsPodsAndEvents, stackTraceExcerpt } from '../../../plugins/clusterconfig/operators-pods-and-events.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { expectSameObject, failingFor, readSample, useSampleCluster } from './setup.ts';

const CO = 'config.openshift.io/v1';
const NOW = new Date('2024-05-01T12:00:00Z');
const services = { clock: { now: () => NOW } };
const OPERATOR_NS = 'openshift-ingress-operator';
const OPERATOR_POD = 'ingress-operator-6557486749-h7qjw';
const ROUTER_NS = 'openshift-ingress';
const ROUTER_POD = 'router-default-7bbdcfcf9b-7xdln';
const SAMPLE_PODS = [`config/pod/${OPERATOR_NS}/${OPERATOR_POD}.json`, `config/pod/${ROUTER_NS}/${ROUTER_POD}.json`];
// Three containers in the degraded ingress operator's namespaces: each log may take 24 MiB × 2 / 3 / 2.
const LIMIT_BYTES = 8388608;

const ago = (minutes: number): string => new Date(NOW.getTime() - minutes * 60_000).toISOString().replace('.000Z', 'Z');

function clusterOperator(name: string, conditions: object[], namespaces: string[]): KubeObject {
  return {
    apiVersion: CO, kind: 'ClusterOperator', metadata: { name }, spec: {},
    status: { conditions, relatedObjects: namespaces.map((n) => ({ group: '', resource: 'namespaces', name: n })) },
  };
}

function pod(namespace: string, name: string, statuses: object[], spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, creationTimestamp: ago(60) },
    spec: { nodeName: 'master-0', containers: [{ name: 'c', image: 'i' }], ...spec },
    status: { phase: 'Running', containerStatuses: statuses },
  };
}
const running = { name: 'c', restartCount: 0, state: { running: {} } };
const restarted = { name: 'c', restartCount: 2, state: { running: {} }, lastState: { terminated: { exitCode: 2, containerID: 'cri-o://1' } } };

function event(namespace: string, name: string, lastTimestamp: string, message: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Event', metadata: { name, namespace }, involvedObject: { kind: 'Pod', namespace }, lastTimestamp, reason: 'R', message, type: 'Warning' };
}

describe('clusterconfig/operators_pods_and_events', () => {
  const env = useSampleCluster();
  const logRequests = (from: number) => env.sim.requests.slice(from).filter((r) => r.path.endsWith('/log'));
  afterEach(() => {
    for (const [ns, p, c, previous] of [[OPERATOR_NS, OPERATOR_POD, 'ingress-operator', false], [OPERATOR_NS, OPERATOR_POD, 'ingress-operator', true], [OPERATOR_NS, OPERATOR_POD, 'kube-rbac-proxy', false]] as const) {
      env.sim.logs.delete(ns, p, c, { previous });
    }
  });

  it("writes the unhealthy pods of the sample's degraded ingress operator, and asks for their logs", async () => {
    const before = env.sim.requests.length;
    const out = await gatherFunction(operatorsPodsAndEvents, { kube: env.kube, services });
    // The sample's containers have no log in the simulator: no log records.
    expect(out.records.map((r) => r.path).sort()).toEqual([...SAMPLE_PODS].sort());
    for (const path of SAMPLE_PODS) expectSameObject(out.byPath.get(path)!.text, await readSample(path));
    expect(out.errors).toEqual([]);
    expect(out.warnings).toEqual([]);

    const logs = logRequests(before).map((r) => `${r.path.split('/').slice(4, 7).join('/')}?${new URLSearchParams(r.query).get('container')}:${new URLSearchParams(r.query).get('previous') ?? 'false'}`);
    // Previous logs only for the restarted pod; current logs for every pod.
    expect(logs).toEqual([
      `${OPERATOR_NS}/pods/${OPERATOR_POD}?ingress-operator:true`,
      `${OPERATOR_NS}/pods/${OPERATOR_POD}?kube-rbac-proxy:true`,
      `${OPERATOR_NS}/pods/${OPERATOR_POD}?ingress-operator:false`,
      `${OPERATOR_NS}/pods/${OPERATOR_POD}?kube-rbac-proxy:false`,
      `${ROUTER_NS}/pods/${ROUTER_POD}?router:false`,
    ]);
    for (const r of logRequests(before)) {
      const q = new URLSearchParams(r.query);
      expect([q.get('tailLines'), q.get('limitBytes'), q.get('timestamps')]).toEqual(['100', String(LIMIT_BYTES), 'true']);
    }
    // Only namespaces of degraded operators are read.
    const podLists = env.sim.requests.slice(before).filter((r) => r.path.endsWith('/pods')).map((r) => r.path);
    expect(podLists).toEqual([`/api/v1/namespaces/${OPERATOR_NS}/pods`, `/api/v1/namespaces/${ROUTER_NS}/pods`, '/api/v1/namespaces/openshift-ingress-canary/pods']);
  });

  it('writes the current and previous log tails, with timestamps', async () => {
    env.sim.logs.set(OPERATOR_NS, OPERATOR_POD, 'ingress-operator', ['2024-05-01T11:00:00Z started', '2024-05-01T11:00:01Z running']);
    env.sim.logs.set(OPERATOR_NS, OPERATOR_POD, 'ingress-operator', ['2024-05-01T10:00:00Z failed to start'], { previous: true });
    env.sim.logs.set(OPERATOR_NS, OPERATOR_POD, 'kube-rbac-proxy', Array.from({ length: 150 }, (_, i) => `2024-05-01T11:00:00Z line ${i}`));
    const out = await gatherFunction(operatorsPodsAndEvents, { kube: env.kube, services });
    const dir = `config/pod/${OPERATOR_NS}/logs/${OPERATOR_POD}`;
    expect(out.records.map((r) => r.path).filter((p) => p.includes('/logs/'))).toEqual([
      `${dir}/ingress-operator_previous.log`, `${dir}/ingress-operator_current.log`, `${dir}/kube-rbac-proxy_current.log`,
    ]);
    expect(out.byPath.get(`${dir}/ingress-operator_current.log`)!.text).toBe('2024-05-01T11:00:00.000000000Z started\n2024-05-01T11:00:01.000000000Z running\n');
    expect(out.byPath.get(`${dir}/ingress-operator_previous.log`)!.text).toBe('2024-05-01T10:00:00.000000000Z failed to start\n');
    const proxy = out.byPath.get(`${dir}/kube-rbac-proxy_current.log`)!.text.split('\n');
    expect(proxy).toHaveLength(101);
    expect(proxy[0]).toBe('2024-05-01T11:00:00.000000000Z line 50');
  });

  it('cuts a log with a stack trace to the trace, from a longer tail', async () => {
    const trace = (n: number): string[] => Array.from({ length: n }, (_, i) => `2024-05-01T11:00:00Z \tgithub.com/openshift/x/main.go:${i + 1} +0x1f`);
    const lines = [...Array.from({ length: 300 }, (_, i) => `2024-05-01T10:00:00Z before ${i}`), '2024-05-01T11:00:00Z panic: boom', ...trace(50), '2024-05-01T11:00:01Z after'];
    env.sim.logs.set(OPERATOR_NS, OPERATOR_POD, 'ingress-operator', lines);
    const before = env.sim.requests.length;
    const out = await gatherFunction(operatorsPodsAndEvents, { kube: env.kube, services });
    const tails = logRequests(before).filter((r) => r.query.includes('container=ingress-operator') && !r.query.includes('previous=true')).map((r) => new URLSearchParams(r.query).get('tailLines'));
    expect(tails).toEqual(['100', '2000']);
    const text = out.byPath.get(`config/pod/${OPERATOR_NS}/logs/${OPERATOR_POD}/ingress-operator_current.log`)!.text.split('\n');
    // 20 lines before the trace's first frame, 35 lines in all, the count of the rest, the last 5 frames and what follows.
    expect(text[0]).toBe('2024-05-01T10:00:00.000000000Z before 281');
    expect(text[34]).toBe('2024-05-01T11:00:00.000000000Z \tgithub.com/openshift/x/main.go:15 +0x1f');
    expect(text[35]).toBe('... (9 stacktrace lines suppressed) ...');
    expect(text.slice(36)).toEqual([...trace(50).slice(44).map((l) => l.replace('Z ', '.000000000Z ')), '2024-05-01T11:00:01.000000000Z after', '']);
  });

  it('writes nothing, and reads no pod, while every operator is healthy', async () => {
    const ingress = env.sim.store.get(CO, 'ClusterOperator', 'ingress')!;
    const status = ingress.status as { conditions: Array<{ type: string; status: string }> };
    env.sim.store.add({ ...ingress, status: { ...status, conditions: status.conditions.map((c) => (c.type === 'Degraded' ? { ...c, status: 'False' } : c)) } });
    try {
      const before = env.sim.requests.length;
      const out = await gatherFunction(operatorsPodsAndEvents, { kube: env.kube, services });
      expect(out.records).toEqual([]);
      expect(env.sim.requests.slice(before).map((r) => r.path)).toEqual(['/apis/config.openshift.io/v1/clusteroperators']);
    } finally {
      env.sim.store.add(ingress);
    }
  });

  it('also collects unavailable operators: events of openshift namespaces, each namespace once, proxy variables masked', async () => {
    env.add(
      clusterOperator('zz-unavailable', [{ type: 'Available', status: 'False' }, { type: 'Degraded', status: 'False' }], [ROUTER_NS, 'customer-ns', 'openshift-zz']),
      pod('customer-ns', 'crashing', [restarted]),
      pod('openshift-zz', 'healthy', [running]),
      pod('openshift-zz', 'proxied', [restarted], {
        containers: [{ name: 'c', image: 'i', env: [{ name: 'HTTP_PROXY', value: 'http://user:proxy-marker@proxy:3128' }, { name: 'HTTPS_PROXY', value: 'https://proxy-marker' }, { name: 'LOG', value: 'debug' }] }],
      }),
      event('openshift-zz', 'recent', ago(30), 'recent event'),
      event('openshift-zz', 'old', ago(180), 'old event'),
      event('customer-ns', 'customer', ago(30), 'customer event marker'),
    );
    const before = env.sim.requests.length;
    const out = await gatherFunction(operatorsPodsAndEvents, { kube: env.kube, services });
    const paths = out.records.map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toEqual(expect.arrayContaining(['config/pod/customer-ns/crashing.json', 'config/pod/openshift-zz/proxied.json', 'events/openshift-zz.json']));
    expect(paths).not.toContain('config/pod/openshift-zz/healthy.json');
    expect(paths.some((p) => p.startsWith('events/customer-ns'))).toBe(false);
    expect(env.sim.requests.slice(before).filter((r) => r.path === `/api/v1/namespaces/${ROUTER_NS}/pods`)).toHaveLength(1);
    expect(env.sim.requests.slice(before).some((r) => r.path === '/api/v1/namespaces/customer-ns/events')).toBe(false);
    expect(JSON.parse(out.byPath.get('events/openshift-zz.json')!.text).items.map((e: { message: string }) => e.message)).toEqual(['recent event']);
    const proxied = out.byPath.get('config/pod/openshift-zz/proxied.json')!.text;
    expect(proxied).not.toContain('marker');
    expect(JSON.parse(proxied).spec.containers[0].env).toEqual([
      { name: 'HTTP_PROXY', value: 'x'.repeat('http://user:proxy-marker@proxy:3128'.length) },
      { name: 'HTTPS_PROXY', value: 'x'.repeat('https://proxy-marker'.length) },
      { name: 'LOG', value: 'debug' },
    ]);
  });

  it('reports what it cannot read and goes on', async () => {
    const noPods = await gatherFunction(operatorsPodsAndEvents, { kube: failingFor(env.kube, 'Pod', 403), services });
    expect(noPods.records).toEqual([]);
    expect(noPods.errors).toHaveLength(3);
    expect(noPods.errors[0]).toContain(`namespace ${OPERATOR_NS}`);
    env.add(event(ROUTER_NS, 'e', ago(5), 'm'));
    const noEvents = await gatherFunction(operatorsPodsAndEvents, { kube: failingFor(env.kube, 'Event', 500), services });
    expect(noEvents.records.map((r) => r.path).sort()).toEqual([...SAMPLE_PODS].sort());
    expect(noEvents.errors).toHaveLength(3);
    env.sim.faults.add({ path: /\/pods\/[^/]+\/log$/, status: 403, times: 1 });
    const noLog = await gatherFunction(operatorsPodsAndEvents, { kube: env.kube, services });
    expect(noLog.errors).toEqual([expect.stringContaining('previous log of container ingress-operator')]);
  });

  it('fails when the ClusterOperators cannot be listed', async () => {
    await expect(gatherFunction(operatorsPodsAndEvents, { kube: failingFor(env.kube, 'ClusterOperator', 403), services })).rejects.toMatchObject({ statusCode: 403 });
  });

  it('cuts stack traces as the original', () => {
    const frame = (i: number): string => `main.go:${i} +0x${i}`;
    // No trace: the whole log from line 0.
    expect(stackTraceExcerpt(['a', 'b'])).toBe('a\nb');
    // A short trace: 20 lines before it, and everything after.
    const short = [...Array.from({ length: 30 }, (_, i) => `l${i}`), frame(1), frame(2), 'tail'];
    expect(stackTraceExcerpt(short)).toBe([...short.slice(10)].join('\n'));
    // A trace of exactly 41 lines (40 between first and last frame) is kept whole.
    const exact = ['x', ...Array.from({ length: 41 }, (_, i) => frame(i))];
    expect(stackTraceExcerpt(exact)).toBe(exact.join('\n'));
    const long = ['x', ...Array.from({ length: 42 }, (_, i) => frame(i))];
    expect(stackTraceExcerpt(long)).toBe(`${long.slice(0, 35).join('\n')}\n... (1 stacktrace lines suppressed) ...\n${long.slice(37).join('\n')}`);
  });
  it('works with exactly the declared permissions', async () => {
    env.sim.logs.set(OPERATOR_NS, OPERATOR_POD, 'ingress-operator', ['2024-05-01T11:00:00Z started']);
    env.sim.logs.set(OPERATOR_NS, OPERATOR_POD, 'ingress-operator', ['2024-05-01T10:00:00Z failed'], { previous: true });
    env.add(event(ROUTER_NS, 'e', ago(5), 'm'));
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, operatorsPodsAndEvents.permissions, 'test-operators-pods-and-events');
    const out = await gatherFunction(operatorsPodsAndEvents, { kube, services });
    expect(out.errors).toEqual([]);
    expect(out.records).toHaveLength(5);
  });
});
