import { readFile, stat } from 'node:fs/promises';
import type { KubeConfig } from '@kubernetes/client-node';
import { describeError } from '../errors/codes.ts';

/** The bearer token to send now, or undefined to send none. Rejects when the token file cannot be read. */
export type BearerTokenSource = () => Promise<string | undefined>;

/**
 * The operator's own bearer token, from its (never impersonating) kubeconfig, as the original hands its
 * own rest config to the Prometheus and Alertmanager clients:
 * - in a cluster, client-node's in-cluster user points at the projected service account token file
 *   (`authProvider.config.tokenFile`); the kubelet rotates that file, so it is checked on every call
 *   and re-read when it changed;
 * - from a kubeconfig, the user's `token` (client-node has already read a `token-file` into it);
 * - otherwise (client certificates, exec plugins) no token: the request goes without Authorization.
 */
export function operatorBearerToken(kubeConfig: KubeConfig): BearerTokenSource {
  const user = kubeConfig.getCurrentUser();
  const tokenFile = (user?.authProvider as { config?: { tokenFile?: unknown } } | undefined)?.config?.tokenFile;
  if (typeof tokenFile === 'string' && tokenFile !== '') {
    const file = new TokenFile(tokenFile);
    return () => file.current();
  }
  const token = user?.token?.trim();
  return () => Promise.resolve(token === '' ? undefined : token);
}

/** A token file, re-read whenever its identity, size or mtime changes (a projected token is swapped by symlink). */
class TokenFile {
  readonly #file: string;
  #stamp = '';
  #token: string | undefined;

  constructor(file: string) {
    this.#file = file;
  }

  async current(): Promise<string | undefined> {
    let stamp: string;
    try {
      const s = await stat(this.#file);
      stamp = `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}`;
      if (stamp === this.#stamp) return this.#token;
      const text = (await readFile(this.#file, 'utf8')).trim();
      this.#token = text === '' ? undefined : text;
      this.#stamp = stamp;
      return this.#token;
    } catch (error) {
      // The message names the file and the reason only, never the content.
      throw new Error(`the service account token file ${this.#file} cannot be read: ${describeError(error)}`);
    }
  }
}
