/**
 * The data policy of a gather (the cluster's `dataReporting.obfuscation` list), as gathering functions
 * see it, and the helper the original applies under `workload_names`.
 * @packageDocumentation
 */

/**
 * Which obfuscations the cluster's administrator asked for, read from `ctx.obfuscation`. Fixed for the
 * whole gather: every function of one archive sees the same policy.
 */
export interface ObfuscationPolicy {
  /**
   * `workload_names`: names of the cluster's workloads (their `name` and `namespace`) must not leave the
   * cluster where a function can do without them. The core does nothing archive-wide for this one; each
   * function whose output carries workload names decides what to drop, for example with
   * {@link stripWorkloadNameLabels} (the original applies it to the Deployment Validation Operator's
   * metrics only, keeping the UIDs).
   */
  readonly workloadNames: boolean;
  /**
   * `networking`: the core obfuscates IP addresses, the base domain and the API host in every record's
   * content and path after the function has produced it. Informational: a function needs not act on it.
   */
  readonly networking: boolean;
}

/** The policy when the configuration asks for nothing. */
export const NO_OBFUSCATION: ObfuscationPolicy = Object.freeze({ workloadNames: false, networking: false });

/** Labels that name a workload in Prometheus metrics, as the original strips them. */
export const WORKLOAD_NAME_LABELS: readonly string[] = Object.freeze(['name', 'namespace']);

// One label pair inside `{...}`: name, `=`, a quoted value with backslash escapes.
const LABEL_PAIR = /([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"/g;
// A label set: what follows the metric name up to the closing brace, skipping over quoted values.
const LABEL_SET = /\{((?:[^}"]|"(?:[^"\\]|\\.)*")*)\}/g;

/**
 * Prometheus text-format metrics with the label pairs that name a workload removed from every sample,
 * as the original's `dvo_metrics` does under `workload_names` (`name="..."` and `namespace="..."` go,
 * `uid`, `namespace_uid` and every other label stay). Lines without labels, comments and values are
 * unchanged. Unlike the original's regular expression, a removed first label leaves no dangling comma,
 * and a value holding a comma or an escaped quote is removed whole.
 * @param metrics - metric lines, for example `deployment_validation_operator_x{name="web",namespace="shop",uid="…"} 1`
 * @param labels - the label names to remove; {@link WORKLOAD_NAME_LABELS} by default
 * @returns the same lines without those labels
 */
export function stripWorkloadNameLabels(metrics: string, labels: readonly string[] = WORKLOAD_NAME_LABELS): string {
  const drop = new Set(labels);
  return metrics.replace(LABEL_SET, (whole, inner: string) => {
    const kept: string[] = [];
    let found = false;
    for (const pair of inner.matchAll(LABEL_PAIR)) {
      if (drop.has(pair[1]!)) found = true;
      else kept.push(pair[0]);
    }
    return found ? `{${kept.join(',')}}` : whole;
  });
}
