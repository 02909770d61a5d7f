import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { useKubeSim } from './harness.ts';

type Json = Record<string, any>;

const KUBECTL = '/usr/bin/kubectl';
const hasKubectl = existsSync(KUBECTL);
// kubectl is a system tool, not a dependency: where it is missing these tests cannot run, and say so.
if (!hasKubectl) console.warn(`kubectl.test.ts: ${KUBECTL} not found, the kubectl end-to-end tests are skipped`);

const run = promisify(execFile);

describe('kubectl against the simulator', async () => {
  const kube = await useKubeSim({ scale: 'small' });
  const kubectl = async (...args: string[]): Promise<string> =>
    (await run(KUBECTL, ['--kubeconfig', kube.kubeconfigPath, ...args], { timeout: 60_000, maxBuffer: 32 * 1024 * 1024 })).stdout;
  const rows = (out: string): string[][] => out.trimEnd().split('\n').slice(1).map((l) => l.trim().split(/\s+/));

  it.skipIf(!hasKubectl)('get nodes', async () => {
    const names = rows(await kubectl('get', 'nodes')).map((r) => r[0]);
    expect(names.sort()).toEqual(kube.sim.store.list('v1', 'Node').map((n) => n.metadata.name).sort());
    expect(names).toHaveLength(6);
  });

  it.skipIf(!hasKubectl)('get pods -A --chunk-size=50 lists every pod once, in pages', async () => {
    const before = kube.sim.requests.length;
    const out = await kubectl('get', 'pods', '-A', '--chunk-size=50');
    const keys = rows(out).map((r) => `${r[0]}/${r[1]}`);
    expect(keys).toHaveLength(500);
    expect(new Set(keys).size).toBe(500);
    expect(new Set(keys)).toEqual(new Set(kube.sim.store.list('v1', 'Pod').map((p) => `${p.metadata.namespace}/${p.metadata.name}`)));
    const pages = kube.sim.requests.slice(before).filter((r) => r.path === '/api/v1/pods');
    expect(pages).toHaveLength(10);
    expect(pages.every((r) => r.status === 200 && /(^|&)limit=50(&|$)/.test(r.query))).toBe(true);
  });

  it.skipIf(!hasKubectl)('get clusteroperators', async () => {
    const names = rows(await kubectl('get', 'clusteroperators')).map((r) => r[0]);
    expect(names).toHaveLength(34);
    expect(names).toEqual(expect.arrayContaining(['authentication', 'etcd', 'insights', 'kube-apiserver']));
  });

  it.skipIf(!hasKubectl)('logs -p of a crash-looping container shows its panic, as the API serves it', async () => {
    const pod = (kube.sim.store.list('v1', 'Pod') as unknown as Json[]).find((p) => p['status'].containerStatuses.some((c: Json) => c['state'].waiting?.reason === 'CrashLoopBackOff'))!;
    const container = pod['status'].containerStatuses.find((c: Json) => c['state'].waiting?.reason === 'CrashLoopBackOff')['name'] as string;
    const out = await kubectl('logs', '-p', '-n', pod['metadata'].namespace, pod['metadata'].name, '-c', container);
    expect(out).toMatch(/panic: runtime error: invalid memory address or nil pointer dereference/);
    const kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    const api = kc.makeApiClient(CoreV1Api);
    expect(out).toBe(await api.readNamespacedPodLog({ name: pod['metadata'].name, namespace: pod['metadata'].namespace, container, previous: true }));
  });

  it.skipIf(!hasKubectl)('get --raw /apis', async () => {
    const groups = JSON.parse(await kubectl('get', '--raw', '/apis')) as Json;
    expect(groups['kind']).toBe('APIGroupList');
    expect(groups['groups'].map((g: Json) => g['name'])).toEqual(expect.arrayContaining(['apps', 'config.openshift.io', 'operator.openshift.io']));
  });
});
