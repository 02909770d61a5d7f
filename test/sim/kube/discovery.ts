/** Legacy (unaggregated) discovery: what kubectl and client-node fall back to and resolve kinds through. */
import type { ResourceRegistry, ResourceType } from './resource-types.ts';

/** What stored types support, in kube's order. */
export const VERBS: readonly string[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const verbsOf = (t: ResourceType): readonly string[] => t.verbs ?? VERBS;

export interface Subresource {
  name: string;
  verbs: readonly string[];
  /** The kind it answers with, when not the resource's own (`pods/log` answers with none). */
  kind?: string;
}

/** Subresources listed in discovery (kube lists `clusteroperators/status` next to `clusteroperators`). */
export function subresourcesOf(t: ResourceType): Subresource[] {
  return t.statusSubresource ? [{ name: 'status', verbs: ['get', 'patch', 'update'] }] : [];
}

export function versionInfo(): Record<string, string> {
  return {
    major: '1',
    minor: '31',
    gitVersion: 'v1.31.0',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2024-11-01T00:00:00Z',
    goVersion: 'go1.22.7',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(registry: ResourceRegistry, name: string): Record<string, unknown> {
  const versions = registry.versionsOf(name).map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions, preferredVersion: versions[0] };
}

export function apiGroupList(registry: ResourceRegistry): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: registry.groups().map((g) => apiGroup(registry, g)) };
}

/** The APIGroup document served at /apis/{group}; undefined for a group the registry lacks. */
export function apiGroupDocument(registry: ResourceRegistry, group: string): Record<string, unknown> | undefined {
  if (group === '' || registry.versionsOf(group).length === 0) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(registry, group) };
}

function apiResource(t: ResourceType): Record<string, unknown> {
  return {
    name: t.plural,
    singularName: t.singular,
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: verbsOf(t),
    ...(t.shortNames.length > 0 ? { shortNames: t.shortNames } : {}),
  };
}

function apiResources(t: ResourceType): Array<Record<string, unknown>> {
  return [apiResource(t), ...subresourcesOf(t).map((s) => ({ name: `${t.plural}/${s.name}`, singularName: '', namespaced: t.namespaced, kind: s.kind ?? t.kind, verbs: s.verbs }))];
}

/** undefined for a group/version the registry does not serve. */
export function apiResourceList(registry: ResourceRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const types = registry.typesOf(group, version);
  if (types.length === 0) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group === '' ? version : `${group}/${version}`, resources: types.flatMap(apiResources) };
}
