import { ApiException, CustomObjectsApi } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';

/**
 * The cluster's release version for the rules endpoint's `%s`: `$RELEASE_VERSION` (set on the operator's
 * Deployment, as the original requires), else the ClusterVersion's `status.desired.version` read with
 * the operator's own identity; `undefined` when neither is known.
 */
export async function readReleaseVersion(kubeConfig: KubeConfig, fromEnvironment: string | undefined): Promise<string | undefined> {
  if (fromEnvironment !== undefined && fromEnvironment.trim() !== '') return fromEnvironment.trim();
  try {
    const cv = await kubeConfig.makeApiClient(CustomObjectsApi).getClusterCustomObject({
      group: 'config.openshift.io', version: 'v1', plural: 'clusterversions', name: 'version',
    }) as { status?: { desired?: { version?: unknown } } };
    const version = cv.status?.desired?.version;
    return typeof version === 'string' && version !== '' ? version : undefined;
  } catch (error) {
    if (error instanceof ApiException && error.code === 404) return undefined;
    throw error;
  }
}
