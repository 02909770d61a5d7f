/**
 * The plugin contract: everything a gatherer plugin imports from the operator. Types and `define*`
 * helpers only; the runtime lives in the core.
 * @packageDocumentation
 */
export { PLUGIN_API_VERSION } from './version.ts';
export { NAME_PATTERN, MAX_NAME_LENGTH, nameProblem } from './names.ts';
export { definePlugin, isPlugin } from './define-plugin.ts';
export type { Plugin, PluginSpec } from './define-plugin.ts';
export { defineGatheringFunction, isGatheringFunction } from './define-gathering-function.ts';
export type { GatheringFunction, GatheringFunctionSpec, GatherResult } from './define-gathering-function.ts';
export { definePlanner, isPlanner, plannedCallSuffix, PLANNER_REPORT_NAME } from './planner.ts';
export type { GatherPlan, GatherPlanner, GatherPlannerSpec, PlanContext, PlannedCall } from './planner.ts';
export type {
  AlertIsFiringCondition, ClusterVersionMatchesCondition, ContainerLogRequest, GatheringRule, GatheringRuleCondition,
  GatheringRulesProvider, LoadedGatheringRules, RemoteConfiguration,
} from './gathering-rules.ts';
export { record, isRecord } from './record.ts';
export type { GatherRecord, RecordInit } from './record.ts';
export { json, resource, raw } from './marshallers.ts';
export type { Marshaller, ResourceLike } from './marshallers.ts';
export { GatherError, GatherWarning, KubeApiError, MonitoringApiError } from './errors.ts';
export type { MonitoringApi, PrometheusApi, PrometheusSample } from './monitoring.ts';
export type { GatherContext } from './context.ts';
export type { KubeClient, KubeObject, ResourceType, DiscoveredType, ListOptions, LogOptions, NodeLogOptions, Permission, ServiceProxyOptions } from './kube.ts';
export type { PluginLogger } from './logger.ts';
export { createServiceRef, isServiceRef, coreServices, SERVICE_ID_PATTERN } from './service-ref.ts';
export type { ServiceRef, ResolvedServices, Clock } from './service-ref.ts';
export {
  maskString, maskUrl, maskUrlList, maskSensitiveEnv, anonymizePemBlocks, withMaskedFields,
  SENSITIVE_ENV_NAMES, ANONYMIZED_PEM_BLOCK,
} from './anonymize.ts';
export type { ContainerLike } from './anonymize.ts';
export { NO_OBFUSCATION, WORKLOAD_NAME_LABELS, stripWorkloadNameLabels } from './obfuscation.ts';
export type { ObfuscationPolicy } from './obfuscation.ts';
