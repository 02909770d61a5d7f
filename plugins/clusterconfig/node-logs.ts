import { defineGatheringFunction, KubeApiError, raw, record } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';

/** The systemd unit whose journal is read. */
export const NODE_LOG_UNIT = 'kubelet';
/** Journal entries asked of each node's kubelet. */
export const NODE_LOG_TAIL_LINES = 1000;
/** Matching lines kept, the most recent ones. */
export const NODE_LOG_KEPT_LINES = 50;

/**
 * The lines worth shipping. The spec does not list the original's expressions, so these are the
 * kubelet's own markers of trouble: the klog header of an error or fatal line (`E1110 14:17:41.900391`),
 * and the failures it logs at info level (`"Probe failed"`, `Readiness probe status=failure`).
 */
export const NODE_LOG_PATTERNS: readonly RegExp[] = [
  /\b[EF]\d{4} \d{2}:\d{2}:\d{2}\.\d{6}\s/,
  /\bfail(?:ed|ure)\b/i,
];

/** Kubernetes renamed the `master` role `control-plane`: either label marks a control-plane node. */
const CONTROL_PLANE_SELECTORS = ['node-role.kubernetes.io/master', 'node-role.kubernetes.io/control-plane'];

/** The last {@link NODE_LOG_KEPT_LINES} lines of `journal` that match a pattern, each ending in a newline. */
export function filterNodeLog(journal: string): string {
  const kept = journal.split('\n').filter((line) => line !== '' && NODE_LOG_PATTERNS.some((re) => re.test(line)));
  return kept.slice(-NODE_LOG_KEPT_LINES).map((line) => `${line}\n`).join('');
}

/**
 * `clusterconfig/node_logs`: the recent kubelet errors of each control-plane node, from its journal
 * through the API server's node proxy. A node whose kubelet cannot be reached is reported and the
 * others are still read; a node whose journal tail shows no error gets no file.
 */
export const nodeLogs = defineGatheringFunction({
  description: `The last ${NODE_LOG_KEPT_LINES} error and failure lines of the last ${NODE_LOG_TAIL_LINES} lines of the kubelet journal of each control-plane node.`,
  paths: ['config/node/logs/{node}.log'],
  permissions: [
    { resource: 'nodes', verbs: ['list'] },
    { resource: 'nodes/proxy', verbs: ['get'] },
  ],
  async *gather(ctx) {
    const names = new Set<string>();
    for (const labelSelector of CONTROL_PLANE_SELECTORS) {
      for await (const node of ctx.kube.list<KubeObject>({ apiVersion: 'v1', kind: 'Node' }, { labelSelector })) {
        if (node.metadata?.name !== undefined) names.add(node.metadata.name);
      }
    }
    for (const name of names) {
      let journal: string | undefined;
      try {
        journal = await ctx.kube.nodeLogs(name, { query: NODE_LOG_UNIT, tailLines: NODE_LOG_TAIL_LINES });
      } catch (error) {
        if (!(error instanceof KubeApiError)) throw error;
        ctx.reportError(new KubeApiError(`unable to read the ${NODE_LOG_UNIT} journal of node ${name}: ${error.message}`, error.statusCode, error.reason, { cause: error }));
        continue;
      }
      // Deleted since it was listed.
      if (journal === undefined) continue;
      // A kubelet with nothing to report gets no file: an empty one would only say the same.
      const kept = filterNodeLog(journal);
      if (kept !== '') yield record({ name: `config/node/logs/${name}`, item: raw(kept, 'log') });
    }
  },
});
