/**
 * Version of the plugin contract this core implements. A plugin's manifest declares the range of
 * contract versions it supports (`pluginApi`, a semver range such as `^1.0.0`); the loader refuses a
 * plugin whose range does not include this version.
 *
 * 1.1.0 added `GatherContext.obfuscation` (the data policy) and `stripWorkloadNameLabels`.
 * 1.2.0 added planners (`definePlanner`, `PluginSpec.planner` and `plannedFunctions`, `ctx.params`,
 * `ctx.plan`), the core services `coreServices.prometheus`, `coreServices.alertmanager` and
 * `coreServices.gatheringRules`, `KubeClient.nodeLogs` (a node's journal through the node proxy) and
 * `KubeClient.serviceProxy` (a GET on a Service's backend through the service proxy).
 */
export const PLUGIN_API_VERSION = '1.2.0';
