import { ApiException, CoreV1Api, CustomObjectsApi, Observable } from '@kubernetes/client-node';
import type { ConfigurationOptions, KubeConfig, ObservableMiddleware } from '@kubernetes/client-node';
import { describeError } from '../errors/codes.ts';
import { parseStatus } from '../kube/kube-client.ts';

/** Where the cluster keeps each configuration object the operator reads. */
export const CONFIG_OBJECTS = {
  supportSecret: { namespace: 'openshift-config', name: 'support' },
  configMap: { namespace: 'openshift-insights', name: 'insights-config' },
  pullSecret: { namespace: 'openshift-config', name: 'pull-secret' },
  globalPullSecret: { namespace: 'kube-system', name: 'global-pull-secret' },
  insightsDataGather: { group: 'config.openshift.io', plural: 'insightsdatagathers', name: 'cluster' },
} as const;

/** The HyperShift fallback of the pull secret, as messages name it. */
export const GLOBAL_PULL_SECRET = 'secret kube-system/global-pull-secret';
/** The cluster's gathering switches, as messages name them. */
export const INSIGHTS_DATA_GATHER = 'insightsdatagather.config.openshift.io/cluster';
/** The versions of `InsightsDataGather` tried, preferred first (v1alpha1 is what clusters before mid-2025 serve). */
export const INSIGHTS_DATA_GATHER_VERSIONS = ['v1', 'v1alpha1'] as const;

/** One read: the object's content, its absence, or why it could not be read. */
export type SourceRead<T> =
  | { readonly state: 'found'; readonly value: T }
  | { readonly state: 'absent' }
  | { readonly state: 'failed'; readonly why: string };

/** What an `InsightsDataGather` read found, and which version answered (`undefined`: none is served). */
export interface DataGatherRead {
  readonly read: SourceRead<unknown>;
  readonly version: string | undefined;
}

/** Longest wait for one read; a silent server must not hold the observer's re-reads forever. */
const READ_TIMEOUT_MS = 30_000;

/**
 * Reads the configuration objects with the operator's own identity, one request each, and reports each
 * outcome without interpreting the content (the observer parses it). Never throws: failures come back as
 * `failed` with the server's words, which never contain the objects' data.
 */
export class ConfigSourceReader {
  readonly #core: CoreV1Api;
  readonly #custom: CustomObjectsApi;

  constructor(kubeConfig: KubeConfig) {
    this.#core = kubeConfig.makeApiClient(CoreV1Api);
    this.#custom = kubeConfig.makeApiClient(CustomObjectsApi);
  }

  /**
   * A secret's `.data` (base64 values by key). NotFound and Forbidden mean absent, as the original treats
   * them: a cluster may withhold the support secret from the operator.
   */
  async secretData(namespace: string, name: string, signal: AbortSignal): Promise<SourceRead<Readonly<Record<string, string>>>> {
    try {
      const secret = await this.#core.readNamespacedSecret({ namespace, name }, abortable(signal));
      return { state: 'found', value: secret.data ?? {} };
    } catch (error) {
      const code = httpCode(error);
      if (code === 404 || code === 403) return { state: 'absent' };
      return { state: 'failed', why: explain(error) };
    }
  }

  /** A ConfigMap's `data[key]`; an existing ConfigMap without the key reads as `''`, as in the original. */
  async configMapKey(namespace: string, name: string, key: string, signal: AbortSignal): Promise<SourceRead<string>> {
    try {
      const configMap = await this.#core.readNamespacedConfigMap({ namespace, name }, abortable(signal));
      return { state: 'found', value: configMap.data?.[key] ?? '' };
    } catch (error) {
      if (httpCode(error) === 404) return { state: 'absent' };
      return { state: 'failed', why: explain(error) };
    }
  }

  /**
   * The `InsightsDataGather` named `cluster`, listed by name in each version in turn: a 404 on the list
   * means the version is not served (try the next), an empty list that the object does not exist. The
   * object carries its `apiVersion` (filled in from the list when an item lacks it).
   */
  async insightsDataGather(signal: AbortSignal): Promise<DataGatherRead> {
    const { group, plural, name } = CONFIG_OBJECTS.insightsDataGather;
    for (const version of INSIGHTS_DATA_GATHER_VERSIONS) {
      try {
        const list = (await this.#custom.listClusterCustomObject(
          { group, version, plural, fieldSelector: `metadata.name=${name}` },
          abortable(signal),
        )) as { items?: Array<Record<string, unknown>> };
        const item = list.items?.[0];
        if (item === undefined) return { read: { state: 'absent' }, version };
        return { read: { state: 'found', value: { apiVersion: `${group}/${version}`, ...item } }, version };
      } catch (error) {
        if (httpCode(error) === 404) continue;
        return { read: { state: 'failed', why: explain(error) }, version };
      }
    }
    return { read: { state: 'absent' }, version: undefined };
  }
}

function httpCode(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

/** The server's Status message, or the transport's error (with its cause: `fetch failed` alone says nothing). */
function explain(error: unknown): string {
  if (error instanceof ApiException) {
    const message = parseStatus(error.body)?.message;
    return `HTTP ${error.code}${typeof message === 'string' && message !== '' ? `: ${message}` : ''}`;
  }
  const cause = error instanceof Error && error.cause !== undefined ? ` (${describeError(error.cause)})` : '';
  return describeError(error) + cause;
}

/** Call options that bind the request to `signal` and to the read timeout. */
function abortable(signal: AbortSignal): ConfigurationOptions<ObservableMiddleware> {
  const bound = AbortSignal.any([signal, AbortSignal.timeout(READ_TIMEOUT_MS)]);
  const middleware: ObservableMiddleware = {
    pre: (context) => {
      context.setSignal(bound);
      return new Observable(Promise.resolve(context));
    },
    post: (context) => new Observable(Promise.resolve(context)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}
