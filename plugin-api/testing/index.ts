/**
 * The plugin test kit: run a plugin through the real core against the Kubernetes API simulator
 * (`gatherWithPlugin`), check it against the plugin contract (`expectPluginContract`), and mock the
 * services the plugin API offers (`mockServices`). Imported by plugin tests as
 * `insights-operator/plugin-api/testing`; it is the one part of the plugin API that reaches the core
 * and the simulator, and only for tests.
 * @packageDocumentation
 */
export { gatherWithPlugin } from './gather-with-plugin.ts';
export type { GatherWithPluginOptions, GatherWithPluginResult } from './gather-with-plugin.ts';
export { expectPluginContract, checkPluginContract, PluginContractError, formatFailure } from './expect-plugin-contract.ts';
export type { PluginContractOptions } from './expect-plugin-contract.ts';
export type { ContractFailure } from './static-checks.ts';
export { mockServices, isServiceFactory, DEFAULT_MOCK_NOW } from './mock-services.ts';
export type { ServiceFactory, FakeClock, ClockSpy, SpyFunction, SpyCall, MockClock } from './mock-services.ts';
export type { MockPrometheusOptions } from './mock-monitoring.ts';
export type { KitCluster } from './kit-cluster.ts';
export type { PluginOrFolder } from './plugin-under-test.ts';
export type { ArchiveRecord } from './read-archive.ts';
