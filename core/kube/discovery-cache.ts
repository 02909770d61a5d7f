import type { DiscoveredType } from '../../plugin-api/kube.ts';
import type { RawObjectApi } from './raw-object-api.ts';

interface ApiGroup {
  preferredVersion?: { groupVersion?: string };
  versions?: Array<{ groupVersion?: string }>;
}
interface ApiResourceList {
  groupVersion?: string;
  resources?: Array<{ name: string; kind: string; namespaced: boolean }>;
}

/**
 * Discovery lookups shared by every function of one gather: one request per API group and version,
 * however many functions ask. A failed lookup is not cached, so a transient error does not stick.
 */
export class DiscoveryCache {
  readonly #api: RawObjectApi;
  readonly #cache = new Map<string, Promise<unknown>>();

  constructor(api: RawObjectApi) {
    this.#api = api;
  }

  /**
   * The type served for `resourceOrKind` in `group`: at the group's preferred version when that version
   * serves it, else at the first other version that does (OLM's InstallPlans live in v1alpha1 while the
   * group prefers v1).
   */
  async find(group: string, resourceOrKind: string, signal?: AbortSignal): Promise<DiscoveredType | undefined> {
    const wanted = resourceOrKind.toLowerCase();
    for (const groupVersion of await this.#versions(group, signal)) {
      const list = await this.#cached<ApiResourceList | undefined>(groupVersion, () => this.#get(group === '' ? '/api/v1' : `/apis/${groupVersion}`, signal));
      const match = (list?.resources ?? []).find((r) => !r.name.includes('/') && (r.name === resourceOrKind || r.kind.toLowerCase() === wanted));
      if (match !== undefined) return { apiVersion: groupVersion, kind: match.kind, resource: match.name, namespaced: match.namespaced };
    }
    return undefined;
  }

  /** The group's versions, preferred first. */
  async #versions(group: string, signal?: AbortSignal): Promise<string[]> {
    if (group === '') return ['v1'];
    const info = await this.#cached<ApiGroup | undefined>(`group:${group}`, () => this.#get(`/apis/${encodeURIComponent(group)}`, signal));
    const preferred = info?.preferredVersion?.groupVersion;
    const all = (info?.versions ?? []).map((v) => v.groupVersion).filter((v): v is string => typeof v === 'string');
    return preferred === undefined ? all : [preferred, ...all.filter((v) => v !== preferred)];
  }

  #cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    let pending = this.#cache.get(key) as Promise<T> | undefined;
    if (pending === undefined) {
      pending = load();
      this.#cache.set(key, pending);
      pending.catch(() => this.#cache.delete(key));
    }
    return pending;
  }

  async #get<T>(path: string, signal?: AbortSignal): Promise<T | undefined> {
    try {
      return await this.#api.getJson<T>(path, {}, signal);
    } catch (error) {
      if ((error as { code?: unknown }).code === 404) return undefined;
      throw error;
    }
  }
}
