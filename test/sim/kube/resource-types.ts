import { RESOURCE_TABLE, SELECTABLE_FIELDS, TYPED_GROUPS, WITHOUT_STATUS_SUBRESOURCE } from './resource-table.ts';
import type { ResourceRow } from './resource-table.ts';
import { CONVERSIONS } from './conversions.ts';
import type { ViewConversion } from './conversions.ts';

export interface ResourceType {
  readonly group: string;
  readonly version: string;
  /** `v1` for core, `group/version` otherwise. */
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  /** Lists of typed groups omit apiVersion/kind on items. */
  readonly typed: boolean;
  /** fieldSelector paths accepted for this type, metadata.name and metadata.namespace included. */
  readonly selectableFields: readonly string[];
  /**
   * Objects are kept per group and kind, as etcd keeps them per resource: every served version of a
   * kind is a view of the same objects.
   */
  readonly storageKey: string;
  /** Discovery's verbs when they differ from the stored types' (create-only reviews). */
  readonly verbs?: readonly string[];
  /** Has a `/status` subresource: writes to the main resource leave `.status` alone, and /status only writes it. */
  readonly statusSubresource: boolean;
  /** Set on types served because a CustomResourceDefinition of this name defines them. */
  readonly definedBy?: string;
  /** Set on types whose objects are stored as another type's (events.k8s.io Events as core Events). */
  readonly conversion?: ViewConversion;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function fromRow([apiVersion, kind, plural, scope, shortNames, verbs]: ResourceRow): ResourceType {
  const { group, version } = splitApiVersion(apiVersion);
  const conversion = CONVERSIONS[`${group}/${kind}`];
  return {
    group, version, apiVersion, kind, plural,
    singular: kind.toLowerCase(),
    namespaced: scope === 'N',
    shortNames: shortNames ?? [],
    typed: TYPED_GROUPS.has(group),
    selectableFields: ['metadata.name', 'metadata.namespace', ...(SELECTABLE_FIELDS[`${group}/${kind}`] ?? [])],
    storageKey: `${conversion === undefined ? group : splitApiVersion(conversion.storedAs).group}/${kind}`,
    ...(verbs === undefined ? {} : { verbs }),
    ...(conversion === undefined ? {} : { conversion }),
    statusSubresource: verbs === undefined && !WITHOUT_STATUS_SUBRESOURCE.has(`${group}/${kind}`),
  };
}

/** Kubernetes orders versions GA > beta > alpha, then by number, highest first. */
function versionPriority(version: string): number {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
  if (m === null) return -1;
  const level = m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0;
  return level * 1_000_000 + Number(m[1]) * 1000 + Number(m[3] ?? 0);
}

export class ResourceRegistry {
  #types: ResourceType[];
  readonly #byPath = new Map<string, ResourceType>();
  readonly #byKind = new Map<string, ResourceType>();
  readonly #byGroupKind = new Map<string, ResourceType>();
  readonly #byGroupPlural = new Map<string, ResourceType>();

  constructor(rows: readonly ResourceRow[] = RESOURCE_TABLE) {
    this.#types = rows.map(fromRow);
    this.#index();
  }

  get types(): readonly ResourceType[] {
    return this.#types;
  }

  /** Serves a type defined at run time (by a CRD); false when its path is already served. */
  register(type: ResourceType): boolean {
    if (this.byPlural(type.group, type.version, type.plural) !== undefined) return false;
    this.#types = [...this.#types, type];
    this.#index();
    return true;
  }

  unregister(type: ResourceType): void {
    this.#types = this.#types.filter((t) => t !== type);
    this.#index();
  }

  #index(): void {
    for (const map of [this.#byPath, this.#byKind, this.#byGroupKind, this.#byGroupPlural]) map.clear();
    for (const t of this.#types) {
      const path = `${t.apiVersion}/${t.plural}`;
      if (this.#byPath.has(path)) throw new Error(`resource table: ${path} is listed twice`);
      this.#byPath.set(path, t);
      this.#byKind.set(`${t.apiVersion}/${t.kind}`, t);
      // Several versions of one kind: the preferred version wins the version-less lookups.
      const current = this.#byGroupKind.get(t.storageKey);
      if (current === undefined || versionPriority(t.version) > versionPriority(current.version)) {
        this.#byGroupKind.set(t.storageKey, t);
        this.#byGroupPlural.set(`${t.group}/${t.plural}`, t);
      }
    }
  }

  /** The type served at /api(s)/{group/version}/{plural}. */
  byPlural(group: string, version: string, plural: string): ResourceType | undefined {
    return this.#byPath.get(`${group === '' ? '' : `${group}/`}${version}/${plural}`);
  }

  /**
   * The type of an object. An apiVersion the registry does not serve still resolves when another
   * version of the same group and kind is served (e.g. policy/v1beta1 PDBs read back as policy/v1).
   */
  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.#byKind.get(`${apiVersion}/${kind}`) ?? this.#byGroupKind.get(`${splitApiVersion(apiVersion).group}/${kind}`);
  }

  /** Version-less lookups, by kind (case-insensitive) or plural, for seeding from archive paths. */
  byGroupAndName(group: string, kindOrPlural: string): ResourceType | undefined {
    const lower = kindOrPlural.toLowerCase();
    return this.#byGroupPlural.get(`${group}/${lower}`)
      ?? this.types.find((t) => t.group === group && t.kind.toLowerCase() === lower && this.#byGroupKind.get(t.storageKey) === t);
  }

  versionsOf(group: string): string[] {
    const versions = [...new Set(this.types.filter((t) => t.group === group).map((t) => t.version))];
    return versions.sort((a, b) => versionPriority(b) - versionPriority(a));
  }

  /** Named groups (not core), in first-listed order as kube-apiserver lists them by priority. */
  groups(): string[] {
    return [...new Set(this.types.map((t) => t.group).filter((g) => g !== ''))];
  }

  typesOf(group: string, version: string): ResourceType[] {
    return this.types.filter((t) => t.group === group && t.version === version);
  }
}
