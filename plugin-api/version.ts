/**
 * Version of the plugin contract this core implements. A plugin's manifest declares the range of
 * contract versions it supports (`pluginApi`, a semver range such as `^1.0.0`); the loader refuses a
 * plugin whose range does not include this version.
 *
 * 1.1.0 added `GatherContext.obfuscation` (the data policy) and `stripWorkloadNameLabels`.
 */
export const PLUGIN_API_VERSION = '1.1.0';
