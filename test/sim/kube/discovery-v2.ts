/**
 * Aggregated discovery (apidiscovery.k8s.io/v2, and v2beta1 for older clients): every group, version
 * and resource in one document at /api and /apis, which kubectl and client-go ask for first. Clients
 * that do not ask get the legacy documents of discovery.ts.
 */
import type { ResourceRegistry, ResourceType } from './resource-types.ts';
import { subresourcesOf, verbsOf } from './discovery.ts';

export type AggregatedVersion = 'v2' | 'v2beta1';

/** The aggregated format the Accept header asks for, if any (in the client's order of preference). */
export function aggregatedDiscoveryRequested(accept: string | undefined): AggregatedVersion | undefined {
  for (const part of (accept ?? '').split(',')) {
    const params = new Map(part.split(';').slice(1).map((p) => {
      const [k, v] = p.trim().split('=');
      return [k ?? '', v ?? ''] as const;
    }));
    if (params.get('g') !== 'apidiscovery.k8s.io' || params.get('as') !== 'APIGroupDiscoveryList') continue;
    const v = params.get('v');
    if (v === 'v2' || v === 'v2beta1') return v;
  }
  return undefined;
}

export const aggregatedContentType = (v: AggregatedVersion): string => `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;

function resource(t: ResourceType): Record<string, unknown> {
  const responseKind = { group: t.group, version: t.version, kind: t.kind };
  const subresources = subresourcesOf(t).map((s) => ({ subresource: s.name, responseKind: s.kind === undefined ? responseKind : { group: '', version: '', kind: s.kind }, verbs: s.verbs }));
  return {
    resource: t.plural,
    responseKind,
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: verbsOf(t),
    ...(t.shortNames.length > 0 ? { shortNames: t.shortNames } : {}),
    ...(subresources.length > 0 ? { subresources } : {}),
  };
}

function group(registry: ResourceRegistry, name: string): Record<string, unknown> {
  return {
    metadata: { ...(name === '' ? {} : { name }), creationTimestamp: null },
    versions: registry.versionsOf(name).map((version) => ({
      version,
      resources: registry.typesOf(name, version).map(resource),
      freshness: 'Current',
    })),
  };
}

/** /api (the core group) or /apis (every named group), in the aggregated format. */
export function aggregatedDiscovery(registry: ResourceRegistry, core: boolean, v: AggregatedVersion): Record<string, unknown> {
  const groups = core ? [''] : registry.groups();
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${v}`, metadata: {}, items: groups.map((g) => group(registry, g)) };
}
