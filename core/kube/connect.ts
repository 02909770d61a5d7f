import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import { describeError, operatorError } from '../errors/codes.ts';
import { LimitedKubeClient, parseStatus } from './kube-client.ts';
import { RawObjectApi } from './raw-object-api.ts';
import { RequestLimiter } from './request-limiter.ts';

/** Defaults of the shared limiter; client-go's 5/10 would make a 50,000-pod gather take minutes. */
export const DEFAULT_KUBE_QPS = 50;
export const DEFAULT_KUBE_BURST = 100;

/** How to reach the cluster. */
export interface KubeConnectOptions {
  /** Kubeconfig file; otherwise `$KUBECONFIG`, `~/.kube/config`, or the in-cluster service account. */
  kubeconfig?: string | undefined;
  /** User to impersonate for gathering (`system:serviceaccount:openshift-insights:gather` in a cluster). */
  impersonate?: string | undefined;
  qps?: number | undefined;
  burst?: number | undefined;
}

/** A connection to a cluster: the gather identity's client and where it points. */
export interface KubeConnection {
  readonly server: string;
  /** The gather identity's client (impersonating when `impersonate` was given). */
  readonly client: LimitedKubeClient;
  /** The gather identity's kubeconfig. */
  readonly config: KubeConfig;
  /**
   * The operator's own kubeconfig, never impersonating: it reads its configuration sources and writes
   * its status with its own rights, which the gather identity must not have.
   */
  readonly operatorConfig: KubeConfig;
}

/**
 * Loads the kubeconfig and builds the gather client. Throws `IO_KUBECONFIG_INVALID` naming the source
 * when the file is missing, unparsable or has no current cluster.
 */
export function connectKube(options: KubeConnectOptions): KubeConnection {
  const source = options.kubeconfig ?? process.env.KUBECONFIG ?? 'the default kubeconfig';
  const kc = new KubeConfig();
  try {
    if (options.kubeconfig !== undefined) kc.loadFromFile(options.kubeconfig);
    else kc.loadFromDefault();
  } catch (error) {
    throw operatorError('IO_KUBECONFIG_INVALID', source, describeError(error));
  }
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  if (cluster === null) throw operatorError('IO_KUBECONFIG_INVALID', source, 'it has no current context with a cluster');
  if (cluster.skipTLSVerify) {
    // TLS is always verified: an operator that ships cluster data must not talk to an unverified peer.
    throw operatorError('IO_KUBECONFIG_INVALID', source, 'insecure-skip-tls-verify is set; TLS verification cannot be turned off');
  }
  let gather = kc;
  if (options.impersonate !== undefined && user !== null) {
    gather = new KubeConfig();
    gather.loadFromOptions({
      clusters: kc.clusters,
      contexts: kc.contexts,
      currentContext: kc.currentContext,
      users: kc.users.map((u) => (u.name === user.name ? { ...u, impersonateUser: options.impersonate } : u)),
    });
  }
  const limiter = new RequestLimiter({ qps: options.qps ?? DEFAULT_KUBE_QPS, burst: options.burst ?? DEFAULT_KUBE_BURST });
  return { server: cluster.server, client: new LimitedKubeClient(gather.makeApiClient(RawObjectApi), limiter), config: gather, operatorConfig: kc };
}

/**
 * Asks the API server for its version, so that an unreachable cluster or a rejected credential is one
 * clear error before any gathering starts.
 */
export async function checkReachable(connection: KubeConnection, signal?: AbortSignal): Promise<string> {
  try {
    const info = await Promise.race([
      connection.config.makeApiClient(VersionApi).getCode(),
      new Promise<never>((_, reject) => {
        const timer = setTimeout(() => reject(new Error('no answer within 30s')), 30_000);
        timer.unref();
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
    ]);
    return info.gitVersion;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const status = parseStatus((error as { body?: unknown }).body)?.message || undefined;
    const detail = typeof code === 'number' ? `HTTP ${code}${status === undefined ? '' : `: ${status}`}` : describeError(error);
    const cause = error instanceof Error && error.cause !== undefined ? ` (${describeError(error.cause)})` : '';
    throw operatorError('IO_CLUSTER_UNREACHABLE', connection.server, detail + cause);
  }
}

