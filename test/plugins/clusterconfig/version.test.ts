import { describe, expect, it } from 'vitest';
import { version } from '../../../plugins/clusterconfig/version.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { expectSameObject, failingFor, readSample, useSampleCluster } from './setup.ts';

const NS = 'openshift-cluster-version';
const NOW = new Date('2024-05-01T12:00:00Z');
const services = { clock: { now: () => NOW } };
const ago = (minutes: number): string => new Date(NOW.getTime() - minutes * 60_000).toISOString().replace('.000Z', 'Z');

function pod(name: string, status: Record<string, unknown>, created = ago(60)): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, creationTimestamp: created, managedFields: [{ manager: 'kubelet' }] },
    spec: { containers: [{ name: 'cluster-version-operator', image: 'quay.io/openshift/cvo@sha256:' + 'a'.repeat(64) }] },
    status,
  };
}
const running = { phase: 'Running', containerStatuses: [{ name: 'cluster-version-operator', restartCount: 0, state: { running: {} } }] };
const crashed = {
  phase: 'Running',
  containerStatuses: [{ name: 'cluster-version-operator', restartCount: 3, state: { running: {} }, lastState: { terminated: { exitCode: 255 } } }],
};

function event(name: string, fields: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: NS }, involvedObject: { kind: 'Pod', namespace: NS }, ...fields };
}

describe('clusterconfig/version', () => {
  const env = useSampleCluster({ fixture: 'sample' });

  it('writes the ClusterVersion and the cluster ID of the sample', async () => {
    const expected = await readSample<{ spec: { clusterID: string } }>('config/version.json');
    const out = await gatherFunction(version, { kube: env.kube, services });
    expect(out.records.map((r) => r.path)).toEqual(['config/version.json', 'config/id']);
    expectSameObject(out.byPath.get('config/version.json')!.text, expected);
    expect(expected.spec.clusterID).toBe('84ef291d-8f1b-4d28-ab34-cfddff941b84');
    expect(out.byPath.get('config/id')!.text).toBe(expected.spec.clusterID);
    expect(out.errors).toEqual([]);
    expect(out.warnings).toEqual([]);
  });

  it('writes the cluster-version operator pods, and no events while they are healthy', async () => {
    env.add(pod('cvo-healthy', running), event('old', { lastTimestamp: ago(5), reason: 'Started', message: 'm', type: 'Normal' }));
    const out = await gatherFunction(version, { kube: env.kube, services });
    expect(out.records.map((r) => r.path)).toEqual(['config/version.json', 'config/id', `config/pod/${NS}/cvo-healthy.json`]);
    const written = JSON.parse(out.byPath.get(`config/pod/${NS}/cvo-healthy.json`)!.text);
    expect(written.metadata.managedFields).toBeUndefined();
    expect(written.status).toEqual(running);
  });

  it('adds the recent namespace events, compacted and oldest first, when a pod is unhealthy', async () => {
    env.add(
      pod('cvo-crashing', crashed),
      event('e-recent', { lastTimestamp: ago(10), reason: 'BackOff', message: 'Back-off restarting', type: 'Warning' }),
      event('e-too-old', { lastTimestamp: ago(180), reason: 'Old', message: 'outside the window', type: 'Normal' }),
      event('e-series', { lastTimestamp: null, series: { count: 4, lastObservedTime: '2024-05-01T11:30:00.250000Z' }, reason: 'Pulled', message: 'pulled', type: 'Normal' }),
      event('e-earliest', { lastTimestamp: ago(100), reason: 'Killing', message: 'Stopping container', type: 'Normal' }),
    );
    const out = await gatherFunction(version, { kube: env.kube, services });
    expect(out.records.map((r) => r.path)).toEqual([
      'config/version.json', 'config/id', `config/pod/${NS}/cvo-crashing.json`, `events/${NS}.json`,
    ]);
    expect(out.byPath.get(`events/${NS}.json`)!.text).toBe(JSON.stringify({
      items: [
        { namespace: NS, lastTimestamp: '2024-05-01T10:20:00Z', reason: 'Killing', message: 'Stopping container', type: 'Normal' },
        { namespace: NS, lastTimestamp: '2024-05-01T11:30:00.25Z', reason: 'Pulled', message: 'pulled', type: 'Normal' },
        { namespace: NS, lastTimestamp: '2024-05-01T11:50:00Z', reason: 'BackOff', message: 'Back-off restarting', type: 'Warning' },
      ],
    }));
  });

  it('takes the events window from the plugin configuration', async () => {
    env.add(
      pod('cvo-crashing', crashed),
      event('e-recent', { lastTimestamp: ago(10), reason: 'BackOff', message: 'x', type: 'Warning' }),
      event('e-older', { lastTimestamp: ago(20), reason: 'BackOff', message: 'y', type: 'Warning' }),
    );
    const out = await gatherFunction(version, { kube: env.kube, services, config: { eventsInterval: '15m' } });
    expect(JSON.parse(out.byPath.get(`events/${NS}.json`)!.text).items.map((e: { message: string }) => e.message)).toEqual(['x']);
    const invalid = await gatherFunction(version, { kube: env.kube, services, config: { eventsInterval: 'soon' } });
    expect(invalid.warnings).toEqual([expect.stringContaining('eventsInterval')]);
    expect(JSON.parse(invalid.byPath.get(`events/${NS}.json`)!.text).items).toHaveLength(2);
  });

  it('counts a pod pending for more than two minutes as unhealthy', async () => {
    env.add(event('e', { lastTimestamp: ago(1), reason: 'FailedScheduling', message: 'no nodes', type: 'Warning' }));
    env.add(pod('cvo-pending-briefly', { phase: 'Pending' }, ago(1)));
    expect((await gatherFunction(version, { kube: env.kube, services })).byPath.has(`events/${NS}.json`)).toBe(false);
    env.add(pod('cvo-pending-long', { phase: 'Pending' }, ago(3)));
    expect((await gatherFunction(version, { kube: env.kube, services })).byPath.has(`events/${NS}.json`)).toBe(true);
  });

  it('keeps the version records when the pods cannot be read', async () => {
    env.add(pod('cvo-crashing', crashed));
    const out = await gatherFunction(version, { kube: failingFor(env.kube, 'Pod', 403), services });
    expect(out.records.map((r) => r.path)).toEqual(['config/version.json', 'config/id']);
    expect(out.errors).toEqual([]);
    const noEvents = await gatherFunction(version, { kube: failingFor(env.kube, 'Event', 500), services });
    expect(noEvents.records.map((r) => r.path)).toEqual(['config/version.json', 'config/id', `config/pod/${NS}/cvo-crashing.json`]);
  });

  it('masks the upstream update server URL, keeping its shape', async () => {
    const original = env.sim.store.get('config.openshift.io/v1', 'ClusterVersion', 'version')!;
    env.sim.store.add({ ...original, spec: { ...(original.spec as object), upstream: 'https://canary-mirror.corp.example:8443/api/upgrades_info/v1/graph' } });
    try {
      const text = (await gatherFunction(version, { kube: env.kube, services })).byPath.get('config/version.json')!.text;
      expect(text).not.toContain('canary');
      expect(JSON.parse(text).spec.upstream).toBe('xxxxx://xxxxxx-xxxxxx.xxxx.xxxxxxx:xxxx/xxx/xxxxxxxxxxxxx/xx/xxxxx');
    } finally {
      env.sim.store.add(original);
    }
  });

  it("masks the proxy variables of the pods' containers", async () => {
    const canary = 'http://canaryuser:canarypass@proxy.canary.example:3128';
    const cvo = pod('cvo-proxied', running);
    const spec = cvo.spec as { containers: Array<Record<string, unknown>> };
    spec.containers[0]!.env = [
      { name: 'HTTP_PROXY', value: canary },
      { name: 'HTTPS_PROXY', value: canary },
      { name: 'NO_PROXY', value: '.cluster.local' },
      { name: 'RELEASE_IMAGE', value: 'quay.io/openshift-release-dev/ocp-release:4.16.0' },
      { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
    ];
    env.add(cvo);
    const out = await gatherFunction(version, { kube: env.kube, services });
    const text = out.byPath.get(`config/pod/${NS}/cvo-proxied.json`)!.text;
    expect(text).not.toContain('canary');
    expect(JSON.parse(text).spec.containers[0].env).toEqual([
      { name: 'HTTP_PROXY', value: 'x'.repeat(canary.length) },
      { name: 'HTTPS_PROXY', value: 'x'.repeat(canary.length) },
      { name: 'NO_PROXY', value: '.cluster.local' },
      { name: 'RELEASE_IMAGE', value: 'quay.io/openshift-release-dev/ocp-release:4.16.0' },
      { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
    ]);
  });

  it('writes no config/id when the cluster ID is empty', async () => {
    const original = env.sim.store.get('config.openshift.io/v1', 'ClusterVersion', 'version')!;
    env.sim.store.add({ ...original, spec: { ...(original.spec as object), clusterID: '' } });
    try {
      expect((await gatherFunction(version, { kube: env.kube, services })).records.map((r) => r.path)).toEqual(['config/version.json']);
    } finally {
      env.sim.store.add(original);
    }
  });

  it('writes nothing and reports no error without a ClusterVersion', async () => {
    env.add(pod('cvo-crashing', crashed));
    const original = env.sim.store.get('config.openshift.io/v1', 'ClusterVersion', 'version')!;
    env.sim.store.remove('config.openshift.io/v1', 'ClusterVersion', 'version');
    try {
      const out = await gatherFunction(version, { kube: env.kube, services });
      expect(out.records).toEqual([]);
      expect(out.errors).toEqual([]);
    } finally {
      env.sim.store.add(original);
    }
  });

  it('fails when the ClusterVersion cannot be read', async () => {
    await expect(gatherFunction(version, { kube: await env.connect('wrong'), services })).rejects.toMatchObject({ statusCode: 401 });
    await expect(gatherFunction(version, { kube: failingFor(env.kube, 'ClusterVersion', 500), services })).rejects.toMatchObject({ statusCode: 500 });
  });
});
