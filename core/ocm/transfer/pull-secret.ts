import { isDeepStrictEqual } from 'node:util';
import { isJsonObject, mergePatch } from '../json-merge-patch.ts';
import type { JsonValue } from '../json-merge-patch.ts';
import { parseJsonQuietly } from '../parse-json-quietly.ts';

/** Where the cluster's pull secret lives. */
export const PULL_SECRET = { namespace: 'openshift-config', name: 'pull-secret', key: '.dockerconfigjson' } as const;

/** A parsed pull secret (`{"auths":{"<registry>":{"auth","email"}},…}`); members besides `auths` are kept as they are. */
export type PullSecretDocument = { [key: string]: JsonValue };

/** The outcome of {@link parsePullSecret}; a problem never quotes the text (it holds credentials). */
export type PullSecretParse = { ok: true; document: PullSecretDocument } | { ok: false; problem: string };

/**
 * Reads a pull secret's JSON, with the checks the original's `pullSecretContent` decoding makes:
 * an object whose `auths` (when present) maps registries to objects whose `auth`/`email` are strings,
 * and whose `HttpHeaders` (when present) maps names to strings.
 * @param what - names the secret in the problem, e.g. `the current pull secret`
 */
export function parsePullSecret(bytes: Uint8Array | string, what: string): PullSecretParse {
  const parsed = parseJsonQuietly(bytes);
  if (!parsed.ok) return { ok: false, problem: `${what}: ${parsed.problem}` };
  const document = parsed.value;
  if (!isJsonObject(document)) return { ok: false, problem: `${what} is not a JSON object` };
  const auths = document['auths'];
  if (auths !== undefined && auths !== null) {
    if (!isJsonObject(auths)) return { ok: false, problem: `${what}: "auths" is not an object` };
    for (const [registry, entry] of Object.entries(auths)) {
      if (entry === null) continue;
      if (!isJsonObject(entry)) return { ok: false, problem: `${what}: the auth of ${JSON.stringify(registry)} is not an object` };
      for (const field of ['auth', 'email']) {
        const value = entry[field];
        if (value !== undefined && value !== null && typeof value !== 'string') {
          return { ok: false, problem: `${what}: "${field}" of ${JSON.stringify(registry)} is not a string` };
        }
      }
    }
  }
  const headers = document['HttpHeaders'];
  if (headers !== undefined && headers !== null) {
    if (!isJsonObject(headers) || Object.values(headers).some((v) => typeof v !== 'string' && v !== null)) {
      return { ok: false, problem: `${what}: "HttpHeaders" is not a map of strings` };
    }
  }
  return { ok: true, document };
}

/** The outcome of {@link mergePullSecrets}. */
export interface PullSecretMerge {
  /** The current pull secret JSON-merge-patched with the incoming one (RFC 7386). */
  merged: PullSecretDocument;
  /** Registries whose auth the incoming secret adds or changes; empty when no update is needed. */
  changedRegistries: string[];
}

/**
 * Merges a transferred pull secret into the current one, as the original's `MergePatch`, and says
 * whether that changes any of the incoming secret's registries (the original's "new or different
 * auth" check, done on the merge result so an entry that only repeats some fields is not an update).
 */
export function mergePullSecrets(current: PullSecretDocument, incoming: PullSecretDocument): PullSecretMerge {
  const merged = mergePatch(current, incoming) as PullSecretDocument;
  const before = isJsonObject(current['auths']) ? current['auths'] : {};
  const after = isJsonObject(merged['auths']) ? merged['auths'] : {};
  const incomingAuths = isJsonObject(incoming['auths']) ? incoming['auths'] : {};
  const changedRegistries = Object.keys(incomingAuths).filter(
    (registry) => Object.hasOwn(before, registry) !== Object.hasOwn(after, registry) || !isDeepStrictEqual(before[registry], after[registry]),
  );
  return { merged, changedRegistries };
}
