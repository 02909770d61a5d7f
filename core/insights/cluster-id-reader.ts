import { ApiException, CustomObjectsApi } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { operatorError } from '../errors/codes.ts';
import { describeApiError } from '../status/cluster-operator-api.ts';

/** `clusterversions.config.openshift.io/version`, whose `spec.clusterID` identifies the cluster. */
const CLUSTER_VERSION = { group: 'config.openshift.io', version: 'v1', plural: 'clusterversions', name: 'version' } as const;

/**
 * The cluster ID, read once with the operator's own identity and then kept (it never changes for a
 * cluster). Concurrent callers share one read.
 */
export class ClusterIdReader {
  readonly #api: CustomObjectsApi;
  #id: string | undefined;
  #pending: Promise<string> | undefined;

  constructor(kubeConfig: KubeConfig) {
    this.#api = kubeConfig.makeApiClient(CustomObjectsApi);
  }

  /**
   * @throws OperatorError `IO_INSIGHTS_NO_CLUSTER_ID` when the ClusterVersion does not exist or has no
   *   `spec.clusterID` yet (the original's `ErrWaitingForVersion`: callers retry soon), and
   *   `IO_INSIGHTS_CLUSTER_ID_UNREADABLE` when the API call fails otherwise
   */
  get(): Promise<string> {
    if (this.#id !== undefined) return Promise.resolve(this.#id);
    this.#pending ??= this.#read().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #read(): Promise<string> {
    let object: unknown;
    try {
      object = await this.#api.getClusterCustomObject({ ...CLUSTER_VERSION });
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) throw operatorError('IO_INSIGHTS_NO_CLUSTER_ID', 'clusterversions/version does not exist');
      throw operatorError('IO_INSIGHTS_CLUSTER_ID_UNREADABLE', describeApiError(error));
    }
    const id = (object as { spec?: { clusterID?: unknown } } | null)?.spec?.clusterID;
    if (typeof id !== 'string' || id.trim() === '') throw operatorError('IO_INSIGHTS_NO_CLUSTER_ID', 'spec.clusterID is empty');
    this.#id = id.trim();
    return this.#id;
  }
}
