import { defineGatheringFunction, maskUrl, maskUrlList, withMaskedFields } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { gatherClusterSingleton } from './cluster-singleton.ts';

/** Proxy settings, in spec and status, written as comma-separated lists of URLs or hosts. */
const PROXY_LIST_FIELDS: ReadonlyArray<readonly string[]> = ['spec', 'status'].flatMap((part) =>
  ['httpProxy', 'httpsProxy', 'noProxy'].map((field) => [part, field]));

/**
 * `clusterconfig/proxies`: the cluster-wide egress proxy settings (`proxies.config.openshift.io/cluster`),
 * with the proxy URLs, the no-proxy list and the readiness endpoints masked: proxy URLs can carry
 * credentials, and all of them name the customer's hosts.
 */
export const proxies = defineGatheringFunction({
  description: 'The cluster-wide proxy configuration, proxies.config.openshift.io "cluster", with proxy URLs, no-proxy hosts and readiness endpoints masked.',
  paths: ['config/proxy.json'],
  permissions: [{ group: 'config.openshift.io', resource: 'proxies', verbs: ['get'], resourceNames: ['cluster'] }],
  gather: (ctx) => gatherClusterSingleton(ctx, 'Proxy', 'config/proxy', anonymizeProxy),
});

function anonymizeProxy(proxy: KubeObject): KubeObject {
  const masked = withMaskedFields(proxy, PROXY_LIST_FIELDS, maskUrlList);
  const endpoints = (masked.spec as { readinessEndpoints?: unknown } | undefined)?.readinessEndpoints;
  if (!Array.isArray(endpoints)) return masked;
  return withMaskedFields(masked, endpoints.map((_, i) => ['spec', 'readinessEndpoints', String(i)]), maskUrl);
}
