import type { GatherContext } from 'insights-operator/plugin-api';
import { conditionalState, firingInstances } from './conditional-state.ts';

/** A pod a firing alert points at. */
export interface AlertPod {
  readonly namespace: string;
  readonly pod: string;
  /** The container the alert (or the rule) names; `undefined` for all of the pod's containers. */
  readonly container: string | undefined;
}

/** What a rule's parameters put in place of the alert's own labels. */
export interface AlertPodOverrides {
  readonly namespace?: string | undefined;
  readonly container?: string | undefined;
}

/**
 * The pods the firing instances of `alertName` point at, from their `namespace`, `pod` and `container`
 * labels, the rule's `namespace`/`container` taking precedence. An instance without a namespace or a
 * pod is skipped with a warning (alerts such as `AlertmanagerFailedToSendAlerts` have neither for some
 * instances); the same pod and container named by several instances is listed once. No firing instance
 * gives an empty list: the alert may have stopped firing since the rules were evaluated.
 * @param ctx - the planned function's context (its plan holds the firing alerts)
 * @param alertName - the rule's `alert_name`
 * @param overrides - the rule's `namespace` and `container`, when it gives them
 */
export function alertPods(ctx: Pick<GatherContext, 'plan' | 'warn'>, alertName: string, overrides: AlertPodOverrides = {}): AlertPod[] {
  const pods = new Map<string, AlertPod>();
  for (const labels of firingInstances(conditionalState(ctx.plan), alertName)) {
    const namespace = overrides.namespace ?? nonEmpty(labels.namespace);
    const pod = nonEmpty(labels.pod);
    if (namespace === undefined || pod === undefined) {
      const missing = [namespace === undefined ? 'namespace' : undefined, pod === undefined ? 'pod' : undefined].filter((m) => m !== undefined);
      ctx.warn(`an instance of alert ${alertName} has no ${missing.map((m) => `"${m}"`).join(' or ')} label: skipped (labels: ${JSON.stringify(labels)})`);
      continue;
    }
    const container = overrides.container ?? nonEmpty(labels.container);
    const key = JSON.stringify([namespace, pod, container ?? null]);
    if (!pods.has(key)) pods.set(key, { namespace, pod, container });
  }
  return [...pods.values()];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
