import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findQemuCommandLine, QEMU_MAX_VMS, qemuKubevirtLauncherLogs } from '../../../plugins/clusterconfig/qemu-kubevirt-launcher-logs.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { describeDeclaredPermissions } from './declared-permissions-check.ts';
import { SAMPLE_FIXTURE, useSampleCluster } from './setup.ts';

const SAMPLE_PATH = 'namespaces/default/pods/virt-launcher-example/virt-launcher.json';
const NS = 'vms';

/** A virt-launcher JSON log entry, keys in virt-launcher's (sorted) order. */
const entry = (msg: string, subcomponent?: string): string =>
  JSON.stringify({ component: 'virt-launcher', level: 'info', msg, ...(subcomponent === undefined ? {} : { subcomponent }), timestamp: '2025-08-25T14:00:20.564408Z' });
const commandLine = (vm: string): string => entry(`LC_ALL=C \\PATH=/usr/bin \\HOME=/ \\/usr/libexec/qemu-kvm \\-name guest=${NS}_${vm},debug-threads=on \\-machine pc-q35-rhel9.4.0 \\-cpu Cascadelake-Server,vmx=on \\-m size=2097152k`, 'qemu');
const startup = [
  entry('Collected all requested hook sidecar sockets'),
  entry('Marked as ready'),
  entry('2025-08-25 14:00:20.560+0000: starting up libvirt version: 10.0.0, package: 6.el9, qemu version: 8.2.0, kernel: 5.14.0, hostname: vm', 'qemu'),
];
const later = [entry('Domain started.'), entry('Synced vmi'), '{"component":"virt-launcher","level":"info","msg":"cut by the byte li'];

function launcher(name: string, labels: Record<string, string> = { 'kubevirt.io': 'virt-launcher' }, containerState: object = { running: {} }): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS, labels },
    spec: { nodeName: 'worker-0', containers: [{ name: 'compute', image: 'virt-launcher' }] },
    status: { phase: 'Running', containerStatuses: [{ name: 'compute', state: containerState }] },
  };
}

describe('clusterconfig/qemu_kubevirt_launcher_logs', () => {
  const env = useSampleCluster();
  const logs: string[] = [];
  const setLog = (pod: string, lines: string[]): void => {
    env.sim.logs.set(NS, pod, 'compute', lines);
    logs.push(pod);
  };
  afterEach(() => {
    for (const pod of logs.splice(0)) env.sim.logs.delete(NS, pod, 'compute');
  });

  it("writes the sample's QEMU command line at its sample path, byte for byte, from the virt-launcher's compute log", async () => {
    const before = env.sim.requests.length;
    const out = await gatherFunction(qemuKubevirtLauncherLogs, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual([SAMPLE_PATH]);
    expect(out.byPath.get(SAMPLE_PATH)!.text).toBe(await readFile(join(SAMPLE_FIXTURE, SAMPLE_PATH), 'utf8'));
    expect(out.errors).toEqual([]);
    const requests = env.sim.requests.slice(before);
    expect(requests.filter((r) => r.path === '/api/v1/pods').map((r) => new URLSearchParams(r.query).get('labelSelector'))).toEqual(['kubevirt.io=virt-launcher']);
    const logQuery = new URLSearchParams(requests.find((r) => r.path.endsWith('/log'))!.query);
    expect(logQuery.get('container')).toBe('compute');
    expect(Number(logQuery.get('limitBytes'))).toBeGreaterThan(0);
  });

  it('finds the command line among the other lines, and writes nothing for VMs whose QEMU has not started', async () => {
    env.add(launcher('virt-launcher-a-x1'), launcher('virt-launcher-b-x2'), launcher('virt-launcher-c-x3', undefined, { waiting: { reason: 'ContainerCreating' } }));
    setLog('virt-launcher-a-x1', [...startup, commandLine('a'), ...later]);
    setLog('virt-launcher-b-x2', [...startup, ...later]);
    const out = await gatherFunction(qemuKubevirtLauncherLogs, { kube: env.kube });
    expect(out.records.map((r) => r.path).sort()).toEqual([SAMPLE_PATH, `namespaces/${NS}/pods/virt-launcher-a-x1/virt-launcher.json`]);
    expect(out.byPath.get(`namespaces/${NS}/pods/virt-launcher-a-x1/virt-launcher.json`)!.text).toBe(commandLine('a'));
    // The waiting container's log request is refused with 400: an ordinary state, not an error.
    expect(out.errors).toEqual([]);
  });

  it('reads only virt-launcher pods', async () => {
    env.add(launcher('not-a-launcher', { app: 'qemu-lookalike' }));
    setLog('not-a-launcher', [commandLine('z')]);
    const out = await gatherFunction(qemuKubevirtLauncherLogs, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual([SAMPLE_PATH]);
  });

  it(`reads at most ${QEMU_MAX_VMS} VMs`, async () => {
    const names = Array.from({ length: QEMU_MAX_VMS + 5 }, (_, i) => `virt-launcher-vm${String(i).padStart(3, '0')}-abcde`);
    env.add(...names.map((n) => launcher(n)));
    for (const n of names) setLog(n, [commandLine(n)]);
    const before = env.sim.requests.length;
    const out = await gatherFunction(qemuKubevirtLauncherLogs, { kube: env.kube });
    expect(out.records).toHaveLength(QEMU_MAX_VMS);
    expect(env.sim.requests.slice(before).filter((r) => r.path.endsWith('/log'))).toHaveLength(QEMU_MAX_VMS);
    expect(out.errors).toEqual([]);
  });
});

describe('clusterconfig/qemu_kubevirt_launcher_logs on an empty cluster', () => {
  const env = useSampleCluster({});

  it('writes nothing and reports nothing', async () => {
    const out = await gatherFunction(qemuKubevirtLauncherLogs, { kube: env.kube });
    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([]);
  });
});

describe('findQemuCommandLine', () => {
  it('takes the first QEMU command line entry, as the log has it', () => {
    const log = [...startup, commandLine('first'), commandLine('second'), ''].join('\n');
    expect(findQemuCommandLine(log)).toBe(commandLine('first'));
  });

  it('ignores entries of other subcomponents, lines that are not JSON, and QEMU lines without a command line', () => {
    const other = entry('/usr/libexec/qemu-kvm -name guest=a_b', 'libvirt');
    const plain = 'LC_ALL=C /usr/libexec/qemu-kvm -name guest=a_b "subcomponent":"qemu"';
    const version = startup[2]!;
    expect(findQemuCommandLine([other, plain, version].join('\n'))).toBeUndefined();
    expect(findQemuCommandLine('')).toBeUndefined();
  });

  it('knows the upstream binary names too', () => {
    const upstream = entry('/usr/bin/qemu-system-x86_64 \\-name guest=ns_vm \\-machine q35', 'qemu');
    expect(findQemuCommandLine(upstream)).toBe(upstream);
  });
});

describeDeclaredPermissions('qemu_kubevirt_launcher_logs', qemuKubevirtLauncherLogs, [SAMPLE_PATH]);
