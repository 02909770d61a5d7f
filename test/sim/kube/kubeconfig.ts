import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

export interface KubeconfigParams {
  url: string;
  caPem: string;
  token: string;
  /** Sets the user's `as:`, which clients turn into Impersonate-User headers. */
  impersonate?: string | undefined;
}

const NAME = 'kube-sim';

/** A complete kubeconfig, shaped like `oc login` writes one, with the CA inline so TLS is verified. */
export function buildKubeconfig({ url, caPem, token, impersonate }: KubeconfigParams): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: NAME, cluster: { server: url, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: NAME, user: { token, ...(impersonate === undefined ? {} : { as: impersonate }) } }],
    contexts: [{ name: NAME, context: { cluster: NAME, user: NAME } }],
    'current-context': NAME,
    preferences: {},
  });
}

/** Owner-only, as the file holds a bearer token. */
export async function writeKubeconfigFile(path: string, params: KubeconfigParams): Promise<void> {
  await writeFile(path, buildKubeconfig(params), { mode: 0o600 });
}
