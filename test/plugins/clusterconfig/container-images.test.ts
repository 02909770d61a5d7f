import { beforeAll, describe, expect, it } from 'vitest';
import { containerImages } from '../../../plugins/clusterconfig/container-images.ts';
import { imageIdentity } from '../../../plugins/clusterconfig/image-reference.ts';
import type { GatherContext } from '../../../plugin-api/context.ts';
import { isRecord } from '../../../plugin-api/record.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { failingFor, startSim, useSampleCluster } from './setup.ts';

// Creation months are UTC whatever the host's zone: run this file far from UTC so that a local-time
// month would differ.
process.env.TZ = 'Pacific/Kiritimati';

const digest = (c: string): string => `sha256:${c.repeat(64)}`;
const A = `quay.io/openshift-release-dev/ocp-v4.0-art-dev@${digest('a')}`;
const B = 'registry.example.com/team/b:1.0';
const C = `registry.example.com/c:2@${digest('c')}`;
const D = 'docker.io/library/busybox';
const G = 'registry.example.com/g:latest';
const H = 'registry.example.com/h:latest';
const CRASHED = 'registry.example.com/crashing:latest';

type Status = Record<string, unknown>;
const ok = (image: string): Status => ({ name: 'c', image, restartCount: 0, state: { running: {} } });
const crashLooping = (image: string, lastState: Status = { terminated: { exitCode: 1 } }): Status => ({ name: 'c', image, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState });

function pod(namespace: string, name: string, created: string, status: Status): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name, creationTimestamp: created }, spec: { containers: [{ name: 'c', image: 'x' }] }, status };
}

interface ContainerInfo {
  images: Record<string, string>;
  containers: Record<string, Record<string, number>>;
}
/** The report with image indexes replaced by the images, to compare without depending on tie order. */
function byImage(info: ContainerInfo): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [month, counts] of Object.entries(info.containers)) {
    out[month] = Object.fromEntries(Object.entries(counts).map(([i, n]) => [info.images[i]!, n]));
  }
  return out;
}

describe('clusterconfig/container_images', () => {
  const env = useSampleCluster({});
  beforeAll(async () => {
    const add = (o: KubeObject): void => void env.sim.store.add(o);
    add(pod('app', 'p1', '2024-01-15T10:00:00Z', { phase: 'Running', containerStatuses: [ok(A), ok(B)] }));
    add(pod('app', 'p2', '2024-01-20T10:00:00Z', { phase: 'Running', containerStatuses: [ok(A)] }));
    // 00:30 on 1 February at UTC+1 is still January in UTC.
    add(pod('app', 'p3', '2024-02-01T00:30:00+01:00', { phase: 'Running', containerStatuses: [ok(A)] }));
    add(pod('app', 'p4', '2024-03-03T10:00:00Z', { phase: 'Running', containerStatuses: [ok(C)], initContainerStatuses: [ok(A)], ephemeralContainerStatuses: [ok(D)] }));
    add(pod('app', 'p5-pending', '2024-03-03T10:00:00Z', { phase: 'Pending', containerStatuses: [ok('registry.example.com/pending:1')] }));
    add(pod('app', 'p6-invalid', '2024-03-03T10:00:00Z', { phase: 'Running', containerStatuses: [ok('Not A Valid Reference'), ok(`x@${digest('f').slice(0, 40)}`)] }));
    // Crash-looping outside openshift-*: counted, not recorded.
    add(pod('app', 'p7-crashing', '2024-04-01T10:00:00Z', { phase: 'Running', containerStatuses: [crashLooping(G)] }));
    // Crash-looping in openshift-*: recorded, not counted.
    add(pod('openshift-foo', 'crash-exit', '2024-04-01T10:00:00Z', { phase: 'Running', containerStatuses: [crashLooping(CRASHED)] }));
    add(pod('openshift-foo', 'crash-waiting', '2024-04-01T10:00:00Z', { phase: 'Running', initContainerStatuses: [crashLooping(CRASHED, { waiting: {} })] }));
    // Restarted, but its last run ended cleanly: not crash-looping.
    add(pod('openshift-foo', 'restarted', '2024-04-01T10:00:00Z', { phase: 'Running', containerStatuses: [{ ...ok(H), restartCount: 1, lastState: { terminated: { exitCode: 0 } } }] }));
    // Enough pods for several pages; "zz-bulk" lists after the namespaces above, so page 1 holds them.
    for (let i = 0; i < 450; i++) add(pod('zz-bulk', `bulk-${String(i).padStart(3, '0')}`, '2023-12-24T10:00:00Z', { phase: 'Running', containerStatuses: [ok(`quay.io/bulk@${digest('b')}`)] }));
  });

  it('counts running containers per image and creation month, and records crash-looping openshift-* pods', async () => {
    const out = await gatherFunction(containerImages, { kube: env.kube });
    expect(out.records.map((r) => r.path).sort()).toEqual([
      'config/pod/openshift-foo/crash-exit.json',
      'config/pod/openshift-foo/crash-waiting.json',
      'config/running_containers.json',
    ]);
    const info = JSON.parse(out.byPath.get('config/running_containers.json')!.text) as ContainerInfo;
    expect(Object.keys(info)).toEqual(['images', 'containers']);
    expect(byImage(info)).toEqual({
      '2023-12': { [digest('b')]: 450 },
      '2024-01': { [digest('a')]: 3, [B]: 1 },
      '2024-03': { [digest('a')]: 1, [digest('c')]: 1, [D]: 1 },
      '2024-04': { [G]: 1, [H]: 1 },
    });
    // Most common first.
    expect(info.images['0']).toBe(digest('b'));
    expect(info.images['1']).toBe(digest('a'));
    expect(Object.keys(info.images)).toHaveLength(7);
    const crashed = JSON.parse(out.byPath.get('config/pod/openshift-foo/crash-exit.json')!.text);
    expect(crashed.status.containerStatuses[0].image).toBe(CRASHED);
    expect(out.errors).toEqual([]);
  });

  it('masks the proxy variables of recorded crash-looping pods, in regular containers as the original does', async () => {
    const canary = 'http://canaryuser:canarypass@proxy.canary.example:3128';
    const proxyEnv = [{ name: 'HTTPS_PROXY', value: canary }, { name: 'my_HTTP_PROXY_url', value: canary }, { name: 'LOG_LEVEL', value: 'debug' }];
    env.sim.store.add({
      ...pod('openshift-foo', 'crash-proxied', '2024-04-01T10:00:00Z', { phase: 'Running', containerStatuses: [crashLooping(CRASHED)] }),
      spec: { containers: [{ name: 'c', image: CRASHED, env: proxyEnv }], initContainers: [{ name: 'init', image: CRASHED, env: [{ name: 'LOG_LEVEL', value: 'info' }] }] },
    });
    try {
      const out = await gatherFunction(containerImages, { kube: env.kube });
      for (const r of out.records) expect(r.text).not.toContain('canary');
      const spec = JSON.parse(out.byPath.get('config/pod/openshift-foo/crash-proxied.json')!.text).spec;
      expect(spec.containers[0].env).toEqual([
        { name: 'HTTPS_PROXY', value: 'x'.repeat(canary.length) },
        { name: 'my_HTTP_PROXY_url', value: 'x'.repeat(canary.length) },
        { name: 'LOG_LEVEL', value: 'debug' },
      ]);
      expect(spec.initContainers).toEqual([{ name: 'init', image: CRASHED, env: [{ name: 'LOG_LEVEL', value: 'info' }] }]);
    } finally {
      env.sim.store.remove('v1', 'Pod', 'crash-proxied', 'openshift-foo');
    }
  });

  it('reads pods in pages of 200', async () => {
    const before = env.sim.requests.length;
    await gatherFunction(containerImages, { kube: env.kube });
    const pages = env.sim.requests.slice(before).filter((r) => r.path === '/api/v1/pods');
    expect(pages).toHaveLength(3);
    for (const page of pages) expect(new URLSearchParams(page.query).get('limit')).toBe('200');
    expect(new URLSearchParams(pages[0]!.query).has('continue')).toBe(false);
    expect(new URLSearchParams(pages[1]!.query).get('continue')).toBeTruthy();
    expect(new URLSearchParams(pages[2]!.query).get('continue')).toBeTruthy();
  });

  it('streams: a crash-looping pod is yielded before the next page is read', async () => {
    const noop = (): void => undefined;
    const ctx: GatherContext = {
      kube: env.kube, signal: new AbortController().signal, config: {}, services: {}, obfuscation: { workloadNames: false, networking: false }, params: {}, plan: undefined,
      log: { debug: noop, info: noop, warn: noop, error: noop }, warn: noop, reportError: noop,
    };
    const before = env.sim.requests.length;
    const records = containerImages.gather(ctx) as AsyncIterable<unknown>;
    let first: unknown;
    for await (const item of records) {
      first = item;
      break;
    }
    expect(isRecord(first) && first.name).toBe('config/pod/openshift-foo/crash-exit');
    expect(env.sim.requests.slice(before).filter((r) => r.path === '/api/v1/pods')).toHaveLength(1);
  });

  it('writes map keys in Go order', async () => {
    const text = (await gatherFunction(containerImages, { kube: env.kube })).byPath.get('config/running_containers.json')!.text;
    expect(text.startsWith(`{"images":{"0":"${digest('b')}","1":"${digest('a')}","2":`)).toBe(true);
    expect(text.indexOf('"2023-12"')).toBeLessThan(text.indexOf('"2024-01"'));
  });

  it('stops at 1000 image-month entries, keeping all months of an image together', async () => {
    const { sim: big, kube: bigKube } = await startSim({});
    try {
      // The most common image spans three months; then 1100 images seen once.
      for (const [i, created] of ['2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z', '2024-03-02T00:00:00Z'].entries()) {
        big.store.add(pod('a', `common-${i}`, created, { phase: 'Running', containerStatuses: [ok(A)] }));
      }
      for (let i = 0; i < 1100; i++) big.store.add(pod('b', `once-${i}`, '2024-05-01T00:00:00Z', { phase: 'Running', containerStatuses: [ok(`registry.example.com/img-${i}:1`)] }));
      const info = JSON.parse((await gatherFunction(containerImages, { kube: bigKube })).byPath.get('config/running_containers.json')!.text) as ContainerInfo;
      expect(info.images['0']).toBe(digest('a'));
      expect(Object.keys(info.images)).toHaveLength(998);
      expect(Object.values(info.containers).reduce((n, perImage) => n + Object.keys(perImage).length, 0)).toBe(1000);
      expect(info.images['997']).toBeDefined();
      // Go writes map keys sorted as strings.
      const text = (await gatherFunction(containerImages, { kube: bigKube })).byPath.get('config/running_containers.json')!.text;
      expect(text.indexOf('"1":')).toBeLessThan(text.indexOf('"10":'));
      expect(text.indexOf('"10":')).toBeLessThan(text.indexOf('"2":'));
    } finally {
      await big.close();
    }
  });

  it('fails when pods cannot be listed', async () => {
    await expect(gatherFunction(containerImages, { kube: failingFor(env.kube, 'Pod', 403) })).rejects.toMatchObject({ statusCode: 403 });
  });

  it('identifies images by digest, else by the reference, and rejects what the original cannot parse', () => {
    expect(imageIdentity(A)).toBe(digest('a'));
    expect(imageIdentity(`quay.io/x:tag@${digest('c')}`)).toBe(digest('c'));
    expect(imageIdentity('image-registry.openshift-image-registry.svc:5000/ns/app:latest')).toBe('image-registry.openshift-image-registry.svc:5000/ns/app:latest');
    expect(imageIdentity(`x@sha512:${'e'.repeat(128)}`)).toBe(`sha512:${'e'.repeat(128)}`);
    for (const invalid of ['', 'Upper', 'a b', `x@sha256:${'a'.repeat(63)}`, `x@md5:${'a'.repeat(32)}`, `${'a'.repeat(256)}:1`, 'a:-bad']) {
      expect(imageIdentity(invalid), invalid).toBeUndefined();
    }
  });
});
