import { ApiException, CustomObjectsApi } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { describeError } from '../errors/codes.ts';
import { parseStatus } from '../kube/kube-client.ts';
import type { ClusterOperatorStatus } from './cluster-operator-status.ts';

/** Where the operator's status lives: `clusteroperators.config.openshift.io/insights`. */
export const INSIGHTS_CLUSTER_OPERATOR = {
  group: 'config.openshift.io',
  version: 'v1',
  plural: 'clusteroperators',
  name: 'insights',
} as const;

/** The ClusterOperator as read and written; fields other than these are carried through untouched. */
export interface ClusterOperatorObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; resourceVersion?: string; [field: string]: unknown };
  spec?: unknown;
  status?: ClusterOperatorStatus;
  [field: string]: unknown;
}

/** Reads, creates and writes the status of the `insights` ClusterOperator with the operator's own identity. */
export class ClusterOperatorApi {
  readonly #api: CustomObjectsApi;

  constructor(kubeConfig: KubeConfig) {
    this.#api = kubeConfig.makeApiClient(CustomObjectsApi);
  }

  /** The ClusterOperator, or `undefined` when it does not exist. */
  async get(): Promise<ClusterOperatorObject | undefined> {
    const { group, version, plural, name } = INSIGHTS_CLUSTER_OPERATOR;
    try {
      return (await this.#api.getClusterCustomObject({ group, version, plural, name })) as ClusterOperatorObject;
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return undefined;
      throw error;
    }
  }

  /** Creates it with an empty spec; the API server drops any status on create, so none is sent. */
  async create(): Promise<ClusterOperatorObject> {
    const { group, version, plural, name } = INSIGHTS_CLUSTER_OPERATOR;
    const body = { apiVersion: `${group}/${version}`, kind: 'ClusterOperator', metadata: { name }, spec: {} };
    return (await this.#api.createClusterCustomObject({ group, version, plural, body })) as ClusterOperatorObject;
  }

  /** Replaces `status` through the status subresource; `object.metadata.resourceVersion` is the precondition. */
  async replaceStatus(object: ClusterOperatorObject): Promise<ClusterOperatorObject> {
    const { group, version, plural, name } = INSIGHTS_CLUSTER_OPERATOR;
    return (await this.#api.replaceClusterCustomObjectStatus({ group, version, plural, name, body: object })) as ClusterOperatorObject;
  }
}

/** True for 409 answers: a stale resourceVersion on update, or a create that lost a race. */
export function isConflict(error: unknown): boolean {
  return error instanceof ApiException && error.code === 409;
}

/**
 * A short, stable description of a failed call for the log: the HTTP code and the server's Status
 * message (client-node's own message embeds the response headers, dates included, so it never repeats).
 */
export function describeApiError(error: unknown): string {
  if (error instanceof ApiException) {
    const message = parseStatus(error.body)?.message;
    return typeof message === 'string' && message !== '' ? `HTTP ${error.code}: ${message}` : `HTTP ${error.code}`;
  }
  return describeError(error);
}
