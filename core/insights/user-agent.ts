import { OPERATOR_VERSION } from '../cli/version.ts';

/**
 * The original's User-Agent: `insights-operator/<version>-<commit> cluster/<clusterID>`. The version is
 * `$RELEASE_VERSION` (set in OpenShift release images) or this package's version; the commit is
 * `$SOURCE_GIT_COMMIT` (set by OpenShift image builds) or `unknown`.
 */
export function userAgent(clusterId: string, env: NodeJS.ProcessEnv = process.env): string {
  const version = env['RELEASE_VERSION'] || OPERATOR_VERSION;
  const commit = env['SOURCE_GIT_COMMIT'] || 'unknown';
  return `insights-operator/${version}-${commit} cluster/${clusterId}`;
}
