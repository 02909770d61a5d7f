/** A Kubernetes API object as the server returned it (JSON, untouched). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    managedFields?: unknown;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Which resource type to read: the `apiVersion` and `kind` of its objects, as in a manifest. */
export interface ResourceType {
  /** `v1` for the core group, otherwise `<group>/<version>`, for example `config.openshift.io/v1`. */
  apiVersion: string;
  /** The kind, for example `ClusterOperator`. The plural resource name is found through discovery. */
  kind: string;
}

/** A resource type as discovery describes it. */
export interface DiscoveredType extends ResourceType {
  /** Plural resource name, for example `ingresscontrollers`. */
  resource: string;
  namespaced: boolean;
}

/** Which part of a container's log {@link KubeClient.logs} reads (the `pods/log` query parameters). */
export interface LogOptions {
  /** Required when the pod has more than one container. */
  container?: string;
  /** The log of the previous, terminated instance of the container. */
  previous?: boolean;
  /** Only the last N lines. */
  tailLines?: number;
  /** Only lines from the last N seconds. */
  sinceSeconds?: number;
  /** At most this many bytes. */
  limitBytes?: number;
  /** Prefix each line with its RFC 3339 timestamp. */
  timestamps?: boolean;
}

/**
 * Which node log {@link KubeClient.nodeLogs} reads: the query parameters of the kubelet's node log
 * query (`/logs/?query=…`, the `NodeLogQuery` feature), reached through the API server's node proxy.
 * @since plugin API 1.2.0
 */
export interface NodeLogOptions {
  /** A systemd unit of the node's journal, for example `kubelet` or `crio`, or a file under `/var/log`. */
  query: string;
  /** Only the last N lines (journal entries). */
  tailLines?: number;
}

/**
 * Which HTTP endpoint of a Service's backend {@link KubeClient.serviceProxy} reads, through the API
 * server's service proxy.
 * @since plugin API 1.2.0
 */
export interface ServiceProxyOptions {
  /** The Service's port, by number (`8383`) or by name (`http-metrics`), as listed in its `spec.ports`. */
  port: number | string;
  /** Path on the backend, starting with `/`, for example `/metrics`. */
  path: string;
  /** Query parameters sent to the backend. */
  query?: Readonly<Record<string, string>>;
}

/** Options of {@link KubeClient.list}. */
export interface ListOptions {
  /** Only this namespace; every namespace by default (or the cluster scope for cluster-scoped kinds). */
  namespace?: string;
  /** Standard label selector, for example `app=foo,tier!=db`. */
  labelSelector?: string;
  /** Standard field selector, for example `status.phase=Running`. */
  fieldSelector?: string;
  /** Objects asked for per request (`limit`); the client follows `continue` tokens. 500 by default. */
  pageSize?: number;
  /** Stop after this many objects in all; unlimited by default. */
  limit?: number;
}

/**
 * Read access to the cluster as the gather identity. Every call goes through the core's shared request
 * limiter (QPS and burst) and is cancelled by the function's AbortSignal. Failures other than "not
 * found" throw {@link KubeApiError}.
 */
export interface KubeClient {
  /**
   * One object, or `undefined` when it (or its resource type) does not exist.
   * @param type - apiVersion and kind
   * @param name - object name
   * @param namespace - namespace, for namespaced kinds
   */
  get<T extends KubeObject = KubeObject>(type: ResourceType, name: string, namespace?: string): Promise<T | undefined>;
  /**
   * Every matching object, fetched page by page as the caller iterates, so that large lists never sit
   * in memory whole. Yields nothing when the resource type is not served by the cluster.
   * @param type - apiVersion and kind
   * @param options - namespace, selectors, page size, overall limit
   */
  list<T extends KubeObject = KubeObject>(type: ResourceType, options?: ListOptions): AsyncIterable<T>;
  /**
   * Finds, through the cluster's discovery, the type served for an API group and a plural resource name
   * (or a kind, matched case-insensitively, since some references carry one), at the group's preferred
   * version when that version serves it, else at another version that does. `undefined` when the
   * cluster does not serve it. Answers are cached for the whole gather.
   * @param group - API group, `''` for the core group
   * @param resourceOrKind - plural resource name such as `ingresscontrollers`, or a kind
   */
  discover(group: string, resourceOrKind: string): Promise<DiscoveredType | undefined>;
  /**
   * A container's log as text (needs `get` on `pods/log`), or `undefined` when the pod, the container or
   * the requested (previous) log does not exist: the server answers 404 or 400 for those, which is an
   * ordinary state of a cluster, not a failure.
   * @param namespace - the pod's namespace
   * @param pod - the pod's name
   * @param options - container, previous, tail and size limits
   */
  logs(namespace: string, pod: string, options?: LogOptions): Promise<string | undefined>;
  /**
   * A node's log as text, from the kubelet's node log query through the API server's node proxy
   * (`GET /api/v1/nodes/{node}/proxy/logs/?query=…`, which needs `get` on `nodes/proxy`), or `undefined`
   * when the node does not exist. The kubelet answers in its own format (a journal in `journalctl
   * --output=short-precise` form, oldest first); a kubelet that cannot be reached is a failure.
   * @param node - the node's name
   * @param options - the unit or file, and how many of its last lines
   * @since plugin API 1.2.0
   */
  nodeLogs(node: string, options: NodeLogOptions): Promise<string | undefined>;
  /**
   * The body of a GET on a Service's backend, through the API server's service proxy
   * (`GET /api/v1/namespaces/{namespace}/services/{service}:{port}/proxy{path}`, which needs `get` on
   * `services/proxy`): the way to read an in-cluster endpoint, such as an operator's `/metrics`, with the
   * gather identity's credentials and no direct network path to the pod. Any answer other than 2xx —
   * the API server's (no such Service or port: 404, 503; no ready endpoint: 503; forbidden: 403) or the
   * backend's own — throws {@link KubeApiError} with its status.
   * @param namespace - the Service's namespace
   * @param service - the Service's name
   * @param options - the port, the path on the backend and its query
   * @since plugin API 1.2.0
   */
  serviceProxy(namespace: string, service: string, options: ServiceProxyOptions): Promise<string>;
}

/**
 * A Kubernetes permission a function needs, as an RBAC rule. It feeds the generated RBAC manifests and
 * the documentation; declare every resource the function reads.
 */
export interface Permission {
  /** API group, `''` for the core group. */
  group?: string;
  /** Plural resource name, for example `nodes` or `pods/log`. */
  resource: string;
  /** Verbs used, for example `['get']` or `['list']`. */
  verbs: ReadonlyArray<'get' | 'list' | 'watch'>;
  /** Restricts the rule to these object names. */
  resourceNames?: readonly string[];
  /** Restricts the rule to one namespace (a Role instead of a ClusterRole). */
  namespace?: string;
}
