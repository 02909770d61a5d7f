import { withMaskedFields } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';

/**
 * Identity-provider settings that name the customer's directory or identity service (LDAP URL and
 * bind DN, GitHub Enterprise host, OAuth client IDs, Google domain, OpenID issuer, Keystone domain).
 * Masked with `x` of the same length, as the original masks them.
 */
export const SENSITIVE_IDENTITY_PROVIDER_FIELDS: readonly string[] = ['url', 'bindDN', 'hostname', 'clientID', 'hostedDomain', 'issuer', 'domainName'];

/** Where the authentication operator's observed OAuth server config keeps its identity providers. */
const OBSERVED_IDENTITY_PROVIDERS = ['spec', 'observedConfig', 'oauthServer', 'oauthConfig', 'identityProviders'];

function at(object: unknown, path: readonly string[]): unknown {
  let value = object;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/**
 * A copy of an operator resource with the {@link SENSITIVE_IDENTITY_PROVIDER_FIELDS} of each identity
 * provider in `spec.observedConfig.oauthServer.oauthConfig.identityProviders[].provider` masked (the
 * `authentications.operator.openshift.io` resource holds them there). Other resources come back
 * unchanged in content.
 * @param object - an operator resource as served
 */
export function withMaskedIdentityProviders<T extends KubeObject>(object: T): T {
  const providers = at(object, OBSERVED_IDENTITY_PROVIDERS);
  if (!Array.isArray(providers)) return object;
  const paths = providers.flatMap((_, i) => SENSITIVE_IDENTITY_PROVIDER_FIELDS.map((f) => [...OBSERVED_IDENTITY_PROVIDERS, String(i), 'provider', f]));
  return withMaskedFields(object, paths);
}

/**
 * The keys of `identityProviders[]` entries of the `oauths.config.openshift.io` spec that hold a
 * provider's settings, one per provider type.
 */
const PROVIDER_TYPE_KEYS = ['basicAuth', 'github', 'gitlab', 'google', 'htpasswd', 'keystone', 'ldap', 'openID', 'requestHeader'];

/**
 * A copy of an `oauths.config.openshift.io` object with the {@link SENSITIVE_IDENTITY_PROVIDER_FIELDS}
 * of each `spec.identityProviders[].<type>` masked.
 * @param oauth - the OAuth object as served
 */
export function withMaskedOAuthIdentityProviders<T extends KubeObject>(oauth: T): T {
  const providers = at(oauth, ['spec', 'identityProviders']);
  if (!Array.isArray(providers)) return oauth;
  const paths = providers.flatMap((_, i) =>
    PROVIDER_TYPE_KEYS.flatMap((type) => SENSITIVE_IDENTITY_PROVIDER_FIELDS.map((f) => ['spec', 'identityProviders', String(i), type, f])));
  return withMaskedFields(oauth, paths);
}
