import { describe, expect, it } from 'vitest';
import { podNetworkConnectivityChecks } from '../../../plugins/clusterconfig/pod-network-connectivity-checks.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { failingFor, readSample, useSampleCluster } from './setup.ts';

const PATH = 'config/podnetworkconnectivitychecks.json';
const PNCC = 'controlplane.operator.openshift.io/v1alpha1';
const utc = (t: string): string => new Date(t).toISOString().replace('.000Z', 'Z');

type Summary = Record<string, Record<string, string>>;
interface Entry { time: string | null; success: boolean; reason?: string; message?: string; latency?: string }

function check(namespace: string, name: string, status: Record<string, unknown>): KubeObject {
  return { apiVersion: PNCC, kind: 'PodNetworkConnectivityCheck', metadata: { name, namespace }, spec: { sourcePod: 'network-check-source', targetEndpoint: '10.0.0.1:6443' }, status };
}
const failure = (time: string, reason: string, message: string): Entry => ({ time, success: false, reason, message, latency: '1s' });

describe('clusterconfig/pod_network_connectivity_checks', () => {
  const env = useSampleCluster();

  it('reproduces the sample from failures and outage logs', async () => {
    const sample = await readSample<Summary>(PATH);
    const entries = Object.entries(sample).flatMap(([reason, messages]) => Object.entries(messages).map(([message, time]) => failure(time, reason, message)));
    const oldest = Math.min(...entries.map((e) => Date.parse(e.time!)));
    const services = { clock: { now: () => new Date(oldest + 3_600_000) } };
    // Spread over checks, outage start and end logs, with older repeats, successes and entries outside the window.
    const [a, b, c] = [entries.filter((_, i) => i % 3 === 0), entries.filter((_, i) => i % 3 === 1), entries.filter((_, i) => i % 3 === 2)];
    const stale = a.map((e) => ({ ...e, time: utc(new Date(Date.parse(e.time!) - 60_000).toISOString()) }));
    env.add(
      check('openshift-network-diagnostics', 'check-a', { successes: [{ time: utc(new Date(oldest + 60_000).toISOString()), success: true, reason: 'TCPConnect', message: 'success marker' }], failures: [...stale, ...a] }),
      check('openshift-network-diagnostics', 'check-b', { outages: [{ start: null, startLogs: b, endLogs: [{ time: utc(new Date(oldest).toISOString()), success: true, reason: 'TCPConnect', message: 'ended marker' }] }] }),
      check('openshift-apiserver', 'check-c', { failures: [failure(utc(new Date(oldest - 25 * 3_600_000).toISOString()), 'DNSError', 'too old marker')], outages: [{ endLogs: c }] }),
    );
    const out = await gatherFunction(podNetworkConnectivityChecks, { kube: env.kube, services });
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
    const text = out.byPath.get(PATH)!.text;
    // The sample was written in a +02:00 zone; the operator's pod runs in UTC. Same instants, same key order.
    const expected = Object.fromEntries(Object.entries(sample).map(([r, ms]) => [r, Object.fromEntries(Object.entries(ms).map(([m, t]) => [m, utc(t)]))]));
    expect(text).toBe(JSON.stringify(expected));
    expect(text).not.toContain('marker');
    expect(out.errors).toEqual([]);
  });

  it('keeps the latest time of each reason and message, keys sorted as Go sorts them', async () => {
    const services = { clock: { now: () => new Date('2024-05-02T00:00:00Z') } };
    env.add(check('openshift-network-diagnostics', 'c', {
      failures: [
        failure('2024-05-01T10:00:00Z', 'b-reason', 'm'),
        failure('2024-05-01T12:00:00.25Z', 'b-reason', 'm'),
        failure('2024-05-01T11:00:00Z', 'b-reason', 'm'),
        failure('2024-05-01T09:00:00Z', 'a-reason', 'z'),
        failure('2024-05-01T09:00:00Z', 'a-reason', 'y'),
        { time: null, success: false, reason: 'no-time', message: 'x' },
        { time: '2024-05-01T09:00:00Z', success: false },
      ],
    }));
    const text = (await gatherFunction(podNetworkConnectivityChecks, { kube: env.kube, services })).byPath.get(PATH)!.text;
    expect(text).toBe('{"":{"":"2024-05-01T09:00:00Z"},"a-reason":{"y":"2024-05-01T09:00:00Z","z":"2024-05-01T09:00:00Z"},"b-reason":{"m":"2024-05-01T12:00:00.25Z"}}');
  });

  it('writes an empty summary when no check failed', async () => {
    const out = await gatherFunction(podNetworkConnectivityChecks, { kube: env.kube, services: { clock: { now: () => new Date() } } });
    expect(out.byPath.get(PATH)!.text).toBe('{}');
  });

  it('fails when the checks cannot be listed', async () => {
    const services = { clock: { now: () => new Date() } };
    await expect(gatherFunction(podNetworkConnectivityChecks, { kube: failingFor(env.kube, 'PodNetworkConnectivityCheck', 403), services })).rejects.toMatchObject({ statusCode: 403 });
  });
  it('works with exactly the declared permissions', async () => {
    env.add(check('openshift-network-diagnostics', 'c', { failures: [failure('2024-05-01T10:00:00Z', 'r', 'm')] }));
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, podNetworkConnectivityChecks.permissions, 'test-pncc');
    const out = await gatherFunction(podNetworkConnectivityChecks, { kube, services: { clock: { now: () => new Date('2024-05-01T12:00:00Z') } } });
    expect(out.byPath.get(PATH)!.text).toBe('{"r":{"m":"2024-05-01T10:00:00Z"}}');
  });
});
