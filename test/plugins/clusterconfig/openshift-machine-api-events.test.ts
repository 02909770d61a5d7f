import { describe, expect, it } from 'vitest';
import { openshiftMachineApiEvents } from '../../../plugins/clusterconfig/openshift-machine-api-events.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { failingFor, readSample, useSampleCluster } from './setup.ts';

const NS = 'openshift-machine-api';
const PATH = `events/${NS}.json`;
// The sample's two warnings happened at 09:40:44Z and 09:41:05Z on that day.
const NOW = new Date('2022-08-24T10:30:00Z');
const services = { clock: { now: () => NOW } };

interface CompactedEvents {
  items: Array<{ namespace: string; lastTimestamp: string; reason: string; message: string; type: string }>;
}

function event(name: string, fields: Record<string, unknown>, namespace = NS): KubeObject {
  return { apiVersion: 'v1', kind: 'Event', metadata: { name, namespace }, involvedObject: { kind: 'Machine', namespace }, ...fields };
}

describe('clusterconfig/openshift_machine_api_events', () => {
  const env = useSampleCluster();

  it('reproduces the sample: the recent warnings, compacted', async () => {
    const sample = await readSample<CompactedEvents>(PATH);
    const out = await gatherFunction(openshiftMachineApiEvents, { kube: env.kube, services });
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
    const written = JSON.parse(out.byPath.get(PATH)!.text) as CompactedEvents;
    // The sample was written in a +02:00 zone; the operator's pod runs in UTC. Same instants.
    expect(written.items.map((e) => ({ ...e, lastTimestamp: Date.parse(e.lastTimestamp) })))
      .toEqual(sample.items.map((e) => ({ ...e, lastTimestamp: Date.parse(e.lastTimestamp) })));
    expect(written.items.map((e) => e.lastTimestamp)).toEqual(['2022-08-24T09:40:44Z', '2022-08-24T09:41:05Z']);
    expect(out.errors).toEqual([]);
  });

  it('leaves out Normal events, events older than the window, and other namespaces', async () => {
    env.add(
      event('normal', { lastTimestamp: '2022-08-24T10:00:00Z', reason: 'Created', message: 'normal marker', type: 'Normal' }),
      event('old', { lastTimestamp: '2022-08-24T08:00:00Z', reason: 'FailedCreate', message: 'old marker', type: 'Warning' }),
      event('series', { lastTimestamp: null, series: { count: 3, lastObservedTime: '2022-08-24T10:10:00.500000Z' }, reason: 'FailedDelete', message: 'series', type: 'Warning' }),
      event('elsewhere', { lastTimestamp: '2022-08-24T10:00:00Z', reason: 'X', message: 'elsewhere marker', type: 'Warning' }, 'openshift-etcd'),
    );
    const before = env.sim.requests.length;
    const text = (await gatherFunction(openshiftMachineApiEvents, { kube: env.kube, services })).byPath.get(PATH)!.text;
    const items = (JSON.parse(text) as CompactedEvents).items;
    expect(items.map((e) => e.message)).toEqual([
      'cluster-lrqft-worker-us-east-2a-jsmg4: reconciler failed to Update machine: requeue in: 20s',
      'cluster-lrqft-worker-us-east-2c-rlfpx: reconciler failed to Update machine: requeue in: 20s',
      'series',
    ]);
    expect(items[2]!.lastTimestamp).toBe('2022-08-24T10:10:00.5Z');
    expect(text).not.toContain('marker');
    expect(env.sim.requests.slice(before).map((r) => r.path)).toEqual([`/api/v1/namespaces/${NS}/events`]);
  });

  it('takes the window from the plugin configuration', async () => {
    const out = await gatherFunction(openshiftMachineApiEvents, { kube: env.kube, services, config: { eventsInterval: '49m' } });
    expect((JSON.parse(out.byPath.get(PATH)!.text) as CompactedEvents).items).toHaveLength(1);
  });

  it('writes nothing when there is no recent warning', async () => {
    const later = { clock: { now: () => new Date('2022-08-25T00:00:00Z') } };
    const out = await gatherFunction(openshiftMachineApiEvents, { kube: env.kube, services: later });
    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([]);
  });

  it('fails when the events cannot be listed', async () => {
    await expect(gatherFunction(openshiftMachineApiEvents, { kube: failingFor(env.kube, 'Event', 403), services })).rejects.toMatchObject({ statusCode: 403 });
  });
  it('works with exactly the declared permissions', async () => {
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, openshiftMachineApiEvents.permissions, 'test-machine-api-events');
    const out = await gatherFunction(openshiftMachineApiEvents, { kube, services });
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
  });
});
