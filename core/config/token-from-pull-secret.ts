import { operatorError } from '../errors/codes.ts';
import { PULL_SECRET } from './config-sources.ts';
import { Token } from './token.ts';

/**
 * The Insights token from the `.dockerconfigjson` of the cluster pull-secret, as the original reads it:
 * `auths["cloud.openshift.com"].auth`, used as-is (trimmed, not base64-decoded).
 *
 * @param dockerconfigjson - the decoded text of the secret's `.dockerconfigjson` key
 * @param source - names the secret in messages (the HyperShift fallback is `kube-system/global-pull-secret`)
 * @returns the token, or `undefined` when there is none (no `cloud.openshift.com` entry, empty auth):
 *   reporting is then off, which is how a user disables it
 * @throws OperatorError `IO_PULL_SECRET_INVALID` when the text is not JSON or the token contains a
 *   newline. The message never contains the token or the secret's text (JSON.parse's own message
 *   quotes the input, so it is not passed on). The caller treats this as "no token", as the original.
 */
export function tokenFromPullSecret(dockerconfigjson: string, source: string = PULL_SECRET): Token | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(dockerconfigjson);
  } catch {
    throw operatorError('IO_PULL_SECRET_INVALID', source, 'not valid JSON');
  }
  const auth = field(field(field(parsed, 'auths'), 'cloud.openshift.com'), 'auth');
  if (auth === undefined || auth === null) return undefined;
  if (typeof auth !== 'string') {
    throw operatorError('IO_PULL_SECRET_INVALID', source, 'auths["cloud.openshift.com"].auth is not a string');
  }
  const token = auth.trim();
  if (token.includes('\n') || token.includes('\r')) {
    throw operatorError('IO_PULL_SECRET_INVALID', source, 'cluster authorization token is not valid: contains newlines');
  }
  return token === '' ? undefined : new Token(token);
}

function field(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}
