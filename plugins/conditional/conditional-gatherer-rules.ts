import { defineGatheringFunction, json, record } from 'insights-operator/plugin-api';
import { conditionalState } from './conditional-state.ts';

/** `conditional/conditional_gatherer_rules`: each rule, whether it triggered, and why not when it could not be evaluated. */
export const conditionalGathererRules = defineGatheringFunction({
  description:
    'Every conditional gathering rule of this gather with the errors of its conditions and whether it was triggered, the rules version and the endpoint asked.',
  paths: ['insights-operator/conditional-gatherer-rules.json'],
  permissions: [],
  gather(ctx) {
    const { rules, outcomes } = conditionalState(ctx.plan);
    return [record({
      name: 'insights-operator/conditional-gatherer-rules',
      item: json({ version: rules.configuration.version, conditional_gathering_rules: outcomes, endpoint: rules.endpoint }),
      alwaysStored: true,
    })];
  },
});
