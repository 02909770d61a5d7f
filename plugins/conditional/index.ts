/**
 * The `conditional` gatherer: data collected only while Red Hat's remote gathering rules call for it,
 * as the original operator's conditional gatherer. Its planner loads the rules (or the built-in ones),
 * reads the firing alerts and the cluster version, and calls the planned functions of every rule whose
 * conditions hold, reported as `conditional/<function>/<k=v,…>`. Three functions run in every gather:
 * the rules in force, how each rule was evaluated, and the rapid-recommendation container logs.
 * @packageDocumentation
 */
import { definePlugin } from 'insights-operator/plugin-api';
import { apiRequestCountsOfResourceFromAlert } from './api-request-counts-of-resource-from-alert.ts';
import { conditionalGathererRules } from './conditional-gatherer-rules.ts';
import { containersLogs } from './containers-logs.ts';
import { imageStreamsOfNamespace } from './image-streams-of-namespace.ts';
import { logsOfNamespace } from './logs-of-namespace.ts';
import { podDefinition } from './pod-definition.ts';
import { rapidContainerLogs } from './rapid-container-logs.ts';
import { remoteConfiguration } from './remote-configuration.ts';
import { rulesPlanner } from './rules-planner.ts';

/** The conditional plugin. */
export default definePlugin({
  name: 'conditional',
  functions: {
    remote_configuration: remoteConfiguration,
    conditional_gatherer_rules: conditionalGathererRules,
    rapid_container_logs: rapidContainerLogs,
  },
  plannedFunctions: {
    logs_of_namespace: logsOfNamespace,
    image_streams_of_namespace: imageStreamsOfNamespace,
    api_request_counts_of_resource_from_alert: apiRequestCountsOfResourceFromAlert,
    containers_logs: containersLogs,
    pod_definition: podDefinition,
  },
  planner: rulesPlanner,
});
