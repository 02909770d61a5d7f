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
 * Discovery lookups shared by every function of one gather: one request per API group, however many
 * functions ask. A failed lookup is not cached, so a transient error does not stick.
 */
export class DiscoveryCache {
  readonly #api: RawObjectApi;
  readonly #groups = new Map<string, Promise<ApiResourceList | undefined>>();

  constructor(api: RawObjectApi) {
    this.#api = api;
  }

  async find(group: string, resourceOrKind: string, signal?: AbortSignal): Promise<DiscoveredType | undefined> {
    const list = await this.#preferred(group, signal);
    if (list?.groupVersion === undefined) return undefined;
    const wanted = resourceOrKind.toLowerCase();
    const match = (list.resources ?? []).find((r) => !r.name.includes('/') && (r.name === resourceOrKind || r.kind.toLowerCase() === wanted));
    if (match === undefined) return undefined;
    return { apiVersion: list.groupVersion, kind: match.kind, resource: match.name, namespaced: match.namespaced };
  }

  #preferred(group: string, signal?: AbortSignal): Promise<ApiResourceList | undefined> {
    let pending = this.#groups.get(group);
    if (pending === undefined) {
      pending = this.#load(group, signal);
      this.#groups.set(group, pending);
      pending.catch(() => this.#groups.delete(group));
    }
    return pending;
  }

  async #load(group: string, signal?: AbortSignal): Promise<ApiResourceList | undefined> {
    try {
      if (group === '') return await this.#api.getJson<ApiResourceList>('/api/v1', {}, signal);
      const info = await this.#api.getJson<ApiGroup>(`/apis/${encodeURIComponent(group)}`, {}, signal);
      const version = info.preferredVersion?.groupVersion ?? info.versions?.[0]?.groupVersion;
      if (version === undefined) return undefined;
      return await this.#api.getJson<ApiResourceList>(`/apis/${version}`, {}, signal);
    } catch (error) {
      if ((error as { code?: unknown }).code === 404) return undefined;
      throw error;
    }
  }
}
