import { defineGatheringFunction } from 'insights-operator/plugin-api';
import { gatherClusterSingleton } from './cluster-singleton.ts';
import { withMaskedOAuthIdentityProviders } from './identity-providers.ts';

/**
 * `clusterconfig/oauths`: the integrated OAuth server's configuration (`oauths.config.openshift.io/cluster`:
 * identity providers, token lifetimes, templates), with the identity providers' URLs, hosts, domains,
 * bind DNs and client IDs masked.
 */
export const oauths = defineGatheringFunction({
  description: 'The cluster OAuth configuration, oauths.config.openshift.io "cluster", with identity-provider hosts, URLs and client IDs masked.',
  paths: ['config/oauth.json'],
  permissions: [{ group: 'config.openshift.io', resource: 'oauths', verbs: ['get'], resourceNames: ['cluster'] }],
  // The original records this object unmasked although the same providers are masked where it records
  // the authentication operator's observed copy of them, and its documentation lists these fields as
  // anonymized: the masking is applied here too.
  gather: (ctx) => gatherClusterSingleton(ctx, 'OAuth', 'config/oauth', withMaskedOAuthIdentityProviders),
});
