/**
 * CustomResourceDefinitions make their resources servable, as apiextensions-apiserver does: a stored
 * CRD (seeded or created) registers each served version for discovery and CRUD; deleting it
 * unregisters them and deletes its custom resources. Versions the resource table already serves are
 * left as they are.
 */
import type { StoreEvent } from './history.ts';
import type { ResourceType } from './resource-types.ts';
import type { ObjectStore } from './store.ts';

interface CrdSpec {
  group?: string;
  names?: { plural?: string; singular?: string; kind?: string; shortNames?: string[] };
  scope?: string;
  versions?: Array<{ name?: string; served?: boolean; subresources?: { status?: unknown } }>;
}

/** The types a CRD defines; empty when it is too incomplete to serve anything. */
export function typesOfCrd(name: string, spec: CrdSpec): ResourceType[] {
  const { group, names, scope } = spec;
  if (typeof group !== 'string' || group === '' || typeof names?.plural !== 'string' || typeof names.kind !== 'string') return [];
  return (spec.versions ?? [])
    .filter((v) => v.served === true && typeof v.name === 'string')
    .map((v): ResourceType => ({
      group, version: v.name!, apiVersion: `${group}/${v.name!}`, kind: names.kind!, plural: names.plural!,
      singular: names.singular ?? names.kind!.toLowerCase(),
      namespaced: scope !== 'Cluster',
      shortNames: names.shortNames ?? [],
      typed: false,
      // Custom resources only take the two metadata fields in field selectors.
      selectableFields: ['metadata.name', 'metadata.namespace'],
      storageKey: `${group}/${names.kind!}`,
      statusSubresource: v.subresources?.status !== undefined && v.subresources.status !== null,
      definedBy: name,
    }));
}

/** Keeps the store's registry in step with the CRDs stored in it, from now on. */
export function trackCustomResourceDefinitions(store: ObjectStore): void {
  const crdType = store.registry.byKind('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
  if (crdType === undefined) return;
  const registered = new Map<string, ResourceType[]>();

  const unregister = (name: string, deleteObjects: boolean): void => {
    for (const type of registered.get(name) ?? []) {
      store.registry.unregister(type);
      // Objects go with the last served version of their kind (not with one the table still serves).
      const still = store.registry.byKind(type.apiVersion, type.kind);
      if (deleteObjects && still === undefined) {
        for (const entry of [...store.sortedEntries(type)]) store.delete(type, entry.name, entry.namespace);
      }
    }
    registered.delete(name);
  };

  store.subscribe(crdType, (event: StoreEvent) => {
    const { name } = event.entry;
    if (event.type === 'DELETED') {
      unregister(name, true);
      return;
    }
    const spec = ((JSON.parse(event.entry.body) as { spec?: CrdSpec }).spec ?? {});
    unregister(name, false);
    registered.set(name, typesOfCrd(name, spec).filter((t) => store.registry.register(t)));
  });
}
