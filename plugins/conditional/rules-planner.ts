import { coreServices, definePlanner } from 'insights-operator/plugin-api';
import type { PlannedCall } from 'insights-operator/plugin-api';
import { conditionHolds } from './conditions.ts';
import type { ConditionInputs } from './conditions.ts';
import type { AlertLabels, ConditionalState, RuleOutcome } from './conditional-state.ts';
import { readFiringAlerts } from './firing-alerts.ts';

/**
 * The conditional gatherer's planning: load the rules (remote, or built-in on any failure), read the
 * firing alerts and the cluster's version once, evaluate every rule's conditions (all must hold), and
 * call the gathering functions of each rule that triggered.
 */
export const rulesPlanner = definePlanner({
  description:
    'Loads the gathering rules (remote, or the built-in ones when the endpoint fails or answers an invalid document), '
    + 'reads the firing alerts from Prometheus and the cluster version, and calls the functions of every rule whose conditions all hold.',
  permissions: [{ group: 'config.openshift.io', resource: 'clusterversions', verbs: ['get'], resourceNames: ['version'] }],
  services: { rules: coreServices.gatheringRules, prometheus: coreServices.prometheus },
  async plan(ctx) {
    const rules = await ctx.services.rules.load({ signal: ctx.signal });
    if (rules.source === 'built-in' && rules.message !== '') ctx.warn(`using the built-in gathering rules: ${rules.message}`);

    let firingAlerts: Map<string, AlertLabels[]> | undefined;
    let alertsError: string | undefined;
    try {
      firingAlerts = await readFiringAlerts(ctx.services.prometheus, ctx.signal);
    } catch (error) {
      alertsError = error instanceof Error ? error.message : String(error);
      ctx.log.warn(`cannot read the firing alerts: ${alertsError}`);
    }
    let clusterVersion: string | undefined;
    try {
      const cv = await ctx.kube.get({ apiVersion: 'config.openshift.io/v1', kind: 'ClusterVersion' }, 'version');
      // Absent (undefined) on a cluster without a ClusterVersion: the version is then unknown.
      const desired = (cv as { status?: { desired?: { version?: unknown } } } | undefined)?.status?.desired?.version;
      clusterVersion = typeof desired === 'string' && desired !== '' ? desired : undefined;
    } catch (error) {
      ctx.log.warn(`cannot read the cluster version: ${error instanceof Error ? error.message : String(error)}`);
    }

    const inputs: ConditionInputs = { firingAlerts, alertsError, clusterVersion };
    const outcomes: RuleOutcome[] = [];
    const calls: PlannedCall[] = [];
    for (const rule of rules.configuration.conditional_gathering_rules) {
      const errors: string[] = [];
      let triggered = true;
      for (const condition of rule.conditions) {
        try {
          if (!conditionHolds(condition, inputs)) triggered = false;
        } catch (error) {
          errors.push(error instanceof Error ? error.message : String(error));
          triggered = false;
        }
      }
      outcomes.push({ rule, errors: errors.length > 0 ? errors : null, was_triggered: triggered });
      if (!triggered) continue;
      for (const [name, params] of Object.entries(rule.gathering_functions)) calls.push({ function: name, params });
    }
    const state: ConditionalState = { rules, outcomes, firingAlerts, clusterVersion };
    return { calls, state };
  },
});
