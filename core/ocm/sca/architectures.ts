import type { CoreV1Api, V1Node } from '@kubernetes/client-node';
import { untilAborted } from '../../time/abortable-delay.ts';

/** Kubernetes architecture names (`node.status.nodeInfo.architecture`) → the SCA API's names. */
export const KUBE_TO_OCM_ARCH: Readonly<Record<string, string>> = {
  '386': 'x86',
  amd64: 'x86_64',
  ppc: 'ppc',
  ppc64: 'ppc64',
  ppc64le: 'ppc64le',
  s390: 's390',
  s390x: 's390x',
  ia64: 'ia64',
  arm64: 'aarch64',
};

/** The SCA API's architecture names → Kubernetes' (the suffix of the per-architecture secrets). */
export const OCM_TO_KUBE_ARCH: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(KUBE_TO_OCM_ARCH).map(([kube, ocm]) => [ocm, kube]),
);

/** Node's `process.arch` → Kubernetes' name, for nodes that report no (known) architecture. */
const NODE_TO_KUBE_ARCH: Readonly<Record<string, string>> = { x64: 'amd64', ia32: '386', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x' };

/** Labels that mark a control-plane node (`master` is the label of clusters before 4.x renamed it). */
export const CONTROL_PLANE_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'] as const;

/** The architectures of a cluster, in the SCA API's names. */
export interface ClusterArchitectures {
  /** Every node's architecture, without repeats, sorted. */
  nodeArchitectures: string[];
  /** The first control-plane node's architecture; `undefined` when no node carries the label. */
  controlPlaneArch: string | undefined;
}

/**
 * The SCA name of a node architecture. As the original, an unknown or missing one counts as the
 * architecture the operator itself runs on.
 */
export function ocmArch(kubeArch: string | undefined, runtimeArch: string = process.arch): string {
  const known = kubeArch === undefined ? undefined : KUBE_TO_OCM_ARCH[kubeArch];
  return known ?? KUBE_TO_OCM_ARCH[NODE_TO_KUBE_ARCH[runtimeArch] ?? ''] ?? 'x86_64';
}

/** The cluster's architectures from its nodes (the original's `gatherArchitectures`). */
export function architecturesOf(nodes: Iterable<V1Node>, runtimeArch: string = process.arch): ClusterArchitectures {
  const all = new Set<string>();
  let controlPlaneArch: string | undefined;
  for (const node of nodes) {
    const arch = ocmArch(node.status?.nodeInfo?.architecture, runtimeArch);
    const labels = node.metadata?.labels ?? {};
    if (controlPlaneArch === undefined && CONTROL_PLANE_LABELS.some((label) => Object.hasOwn(labels, label))) controlPlaneArch = arch;
    all.add(arch);
  }
  return { nodeArchitectures: [...all].sort(), controlPlaneArch };
}

/** Nodes per list page: a 5,000-node cluster is read in ten requests, never in one huge answer. */
const PAGE_SIZE = 500;

/** Lists the cluster's nodes page by page and returns their architectures. */
export async function gatherArchitectures(core: CoreV1Api, signal?: AbortSignal): Promise<ClusterArchitectures> {
  const nodes: V1Node[] = [];
  let token: string | undefined;
  do {
    const page = await untilAborted(core.listNode({ limit: PAGE_SIZE, ...(token === undefined ? {} : { _continue: token }) }), signal);
    nodes.push(...page.items);
    token = page.metadata?._continue || undefined;
  } while (token !== undefined);
  return architecturesOf(nodes);
}
