import { defineGatheringFunction, json, record } from 'insights-operator/plugin-api';
import { conditionalState } from './conditional-state.ts';

/** `conditional/remote_configuration`: the gathering rules in force, with their `version`. */
export const remoteConfiguration = defineGatheringFunction({
  description:
    'The gathering rules used in this gather (the remote configuration, or the built-in one when it could not be used), with its version.',
  paths: ['insights-operator/remote-configuration.json'],
  permissions: [],
  gather(ctx) {
    const { rules } = conditionalState(ctx.plan);
    return [record({ name: 'insights-operator/remote-configuration', item: json(rules.configuration), alwaysStored: true })];
  },
});
