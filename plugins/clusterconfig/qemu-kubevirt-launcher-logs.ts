import { defineGatheringFunction, KubeApiError, raw, record } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';

/** At most this many VMs (virt-launcher pods, one per running VM) are read. */
export const QEMU_MAX_VMS = 100;
/** The label KubeVirt gives the pod that runs a VM. */
export const VIRT_LAUNCHER_SELECTOR = 'kubevirt.io=virt-launcher';
/** The container of that pod that runs libvirt and QEMU. */
export const VIRT_LAUNCHER_CONTAINER = 'compute';
/**
 * Bytes read from the beginning of each log. QEMU is started within the first few hundred lines of a
 * virt-launcher's life; the log of a VM that has run for months can be far larger than this.
 */
export const VIRT_LAUNCHER_LOG_LIMIT_BYTES = 1024 * 1024;

/** A QEMU binary as libvirt writes it in the command line (`/usr/libexec/qemu-kvm`, `/usr/bin/qemu-system-x86_64`). */
const QEMU_BINARY = /\/qemu-(?:kvm|system-[\w-]+)(?=[\s\\]|$)/;

/**
 * The virt-launcher log entry that holds the command line QEMU was started with, as the log has it: a
 * JSON line of subcomponent `qemu` whose message runs a QEMU binary with `-name guest=…` (libvirt
 * names every domain so). `undefined` when the log has none (the VM has not started yet).
 * @param log - the compute container's log, oldest line first
 */
export function findQemuCommandLine(log: string): string | undefined {
  for (const line of log.split('\n')) {
    // Cheap test first: most lines are not QEMU's.
    if (!line.includes('qemu') || !line.includes('-name guest=')) continue;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      // A line cut by the byte limit, or not one of virt-launcher's JSON entries.
      continue;
    }
    if (typeof entry !== 'object' || entry === null) continue;
    const { subcomponent, msg } = entry as { subcomponent?: unknown; msg?: unknown };
    if (subcomponent === 'qemu' && typeof msg === 'string' && QEMU_BINARY.test(msg) && msg.includes('-name guest=')) return line;
  }
  return undefined;
}

/**
 * `clusterconfig/qemu_kubevirt_launcher_logs`: for up to {@link QEMU_MAX_VMS} OpenShift Virtualization
 * VMs, the QEMU command line of the VM (machine type, CPU model and flags, devices), found in the log of
 * its virt-launcher pod's `compute` container. Records nothing on a cluster without KubeVirt.
 */
export const qemuKubevirtLauncherLogs = defineGatheringFunction({
  description: `The QEMU command line of up to ${QEMU_MAX_VMS} KubeVirt VMs, from the log of each virt-launcher pod's compute container.`,
  paths: ['namespaces/{namespace}/pods/{pod}/virt-launcher.json'],
  permissions: [
    { resource: 'pods', verbs: ['list'] },
    { resource: 'pods/log', verbs: ['get'] },
  ],
  async *gather(ctx) {
    const pods = ctx.kube.list<KubeObject>({ apiVersion: 'v1', kind: 'Pod' }, { labelSelector: VIRT_LAUNCHER_SELECTOR, limit: QEMU_MAX_VMS });
    for await (const pod of pods) {
      const namespace = pod.metadata?.namespace ?? '';
      const name = pod.metadata?.name ?? '';
      let log: string | undefined;
      try {
        log = await ctx.kube.logs(namespace, name, { container: VIRT_LAUNCHER_CONTAINER, limitBytes: VIRT_LAUNCHER_LOG_LIMIT_BYTES });
      } catch (error) {
        if (!(error instanceof KubeApiError)) throw error;
        ctx.reportError(new KubeApiError(`unable to read the ${VIRT_LAUNCHER_CONTAINER} log of virt-launcher pod ${namespace}/${name}: ${error.message}`, error.statusCode, error.reason, { cause: error }));
        continue;
      }
      // No log yet (the pod is still starting) or no such container: nothing to say about this VM.
      const line = log === undefined ? undefined : findQemuCommandLine(log);
      if (line === undefined) continue;
      yield record({ name: `namespaces/${namespace}/pods/${name}/virt-launcher`, item: raw(line, 'json') });
    }
  },
});
