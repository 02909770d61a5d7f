import { ApiException, CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { isIP } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { describeError } from '../errors/codes.ts';
import { describeApiError } from '../status/cluster-operator-api.ts';
import { parseCidr } from './ip-address.ts';

/** What networking obfuscation needs to know about a cluster. */
export interface KnownNetworks {
  /** CIDRs (v4 and v6), de-duplicated, in the order found. */
  networks: string[];
  /** The cluster base domain (`mycluster.example.com`), as the original's `GetClusterBaseDomain`. */
  baseDomain?: string;
  /** The API server's host name (`api.mycluster.example.com`). */
  apiHost?: string;
  /** What could not be read, one sentence each: the caller logs them. Obfuscation still works, only less precisely. */
  problems: string[];
}

/**
 * The egress network of OVN clusters, which have no HostSubnets: the original adds it when it finds none.
 */
export const OVN_EGRESS_NETWORK = '192.168.126.0/18';

/** Archive paths {@link knownNetworksFromArchive} reads (besides `config/hostsubnet/*`). */
export const ARCHIVE_NETWORK_FILES = {
  network: 'config/network.json',
  infrastructure: 'config/infrastructure.json',
  ingress: 'config/ingress.json',
  dns: 'config/dns.json',
  installConfig: 'config/configmaps/kube-system/cluster-config-v1/install-config',
} as const;
const HOST_SUBNET_PREFIX = 'config/hostsubnet/';

/** Whether {@link knownNetworksFromArchive} wants this archive entry. */
export function isKnownNetworkFile(name: string): boolean {
  return Object.values(ARCHIVE_NETWORK_FILES).includes(name as never) || name.startsWith(HOST_SUBNET_PREFIX);
}

const CONFIG = { group: 'config.openshift.io', version: 'v1' } as const;

/**
 * Reads the known networks, base domain and API host from the cluster with the operator's identity:
 * `networks.config.openshift.io/cluster` (cluster, service and external IP networks, spec and status),
 * `dnses.config.openshift.io/cluster` spec.baseDomain, `infrastructures.config.openshift.io/cluster`
 * status.apiServerURL, the install-config in `kube-system/cluster-config-v1` (every CIDR in it; its
 * `metadata.name`.`baseDomain` when the DNS object has none) and HostSubnet egress CIDRs. Never throws:
 * what cannot be read is listed in `problems`.
 */
export async function readKnownNetworks(kube: KubeConfig): Promise<KnownNetworks> {
  const custom = kube.makeApiClient(CustomObjectsApi);
  const core = kube.makeApiClient(CoreV1Api);
  const problems: string[] = [];
  const read = async <T>(what: string, call: () => Promise<T>, quietlyMissing = false): Promise<T | undefined> => {
    try {
      return await call();
    } catch (error) {
      if (!(quietlyMissing && error instanceof ApiException && error.code === 404)) problems.push(`${what} cannot be read: ${describeApiError(error)}`);
      return undefined;
    }
  };
  const [network, dns, infrastructure, clusterConfig, hostSubnets] = await Promise.all([
    read('networks.config.openshift.io/cluster', () => custom.getClusterCustomObject({ ...CONFIG, plural: 'networks', name: 'cluster' })),
    read('dnses.config.openshift.io/cluster', () => custom.getClusterCustomObject({ ...CONFIG, plural: 'dnses', name: 'cluster' })),
    read('infrastructures.config.openshift.io/cluster', () => custom.getClusterCustomObject({ ...CONFIG, plural: 'infrastructures', name: 'cluster' })),
    read('configmap kube-system/cluster-config-v1', () => core.readNamespacedConfigMap({ namespace: 'kube-system', name: 'cluster-config-v1' })),
    // Only SDN clusters serve HostSubnets.
    read('hostsubnets.network.openshift.io', () => custom.listClusterCustomObject({ group: 'network.openshift.io', version: 'v1', plural: 'hostsubnets' }), true),
  ]);
  const installConfigText = clusterConfig?.data?.['install-config'];
  const installConfig = readInstallConfig(installConfigText, 'install-config', problems);
  const networks = collectNetworks(network, installConfigText, (hostSubnets as { items?: unknown[] } | undefined)?.items ?? []);
  const apiHost = hostOf(str(get(infrastructure, 'status', 'apiServerURL'))) ?? nonIpHost(kube.getCurrentCluster()?.server);
  const baseDomain = nonEmpty(str(get(dns, 'spec', 'baseDomain'))) ?? installConfig.clusterDomain ?? nonEmpty(str(get(infrastructure, 'status', 'etcdDiscoveryDomain')));
  if (baseDomain === undefined) problems.push('the cluster base domain is not known: it is not obfuscated');
  if (apiHost === undefined) problems.push('the API server host is not known: it is not obfuscated');
  return { networks, ...(baseDomain === undefined ? {} : { baseDomain }), ...(apiHost === undefined ? {} : { apiHost }), problems };
}

/**
 * The same from an archive's own files, for the offline `obfuscate` command, as the original's
 * `obfuscate-archive`: networks from `config/network.json`, the install-config and HostSubnets; the base
 * domain from `config/infrastructure.json` status.etcdDiscoveryDomain, else `config/dns.json`
 * spec.baseDomain, else `config/ingress.json` spec.domain without its `apps.`, else the install-config
 * (when the gatherer has not masked it); the API host from the infrastructure's apiServerURL.
 * @param files - the archive entries {@link isKnownNetworkFile} selects, by name
 */
export function knownNetworksFromArchive(files: ReadonlyMap<string, Buffer>): KnownNetworks {
  const problems: string[] = [];
  const json = (name: string): unknown => {
    const data = files.get(name);
    if (data === undefined) {
      problems.push(`${name} is not in the archive`);
      return undefined;
    }
    try {
      return JSON.parse(data.toString('utf8')) as unknown;
    } catch (error) {
      problems.push(`${name} is not JSON: ${describeError(error)}`);
      return undefined;
    }
  };
  const network = json(ARCHIVE_NETWORK_FILES.network);
  const infrastructure = json(ARCHIVE_NETWORK_FILES.infrastructure);
  const ingress = json(ARCHIVE_NETWORK_FILES.ingress);
  const dns = files.has(ARCHIVE_NETWORK_FILES.dns) ? json(ARCHIVE_NETWORK_FILES.dns) : undefined;
  const installConfigText = files.get(ARCHIVE_NETWORK_FILES.installConfig)?.toString('utf8');
  if (installConfigText === undefined) problems.push(`${ARCHIVE_NETWORK_FILES.installConfig} is not in the archive`);
  const installConfig = readInstallConfig(installConfigText, ARCHIVE_NETWORK_FILES.installConfig, problems);
  const hostSubnets: unknown[] = [];
  for (const [name, data] of files) {
    if (!name.startsWith(HOST_SUBNET_PREFIX)) continue;
    try {
      hostSubnets.push(JSON.parse(data.toString('utf8')));
    } catch (error) {
      problems.push(`${name} is not JSON: ${describeError(error)}`);
    }
  }
  const networks = collectNetworks(network, installConfigText, hostSubnets);
  const apiHost = hostOf(str(get(infrastructure, 'status', 'apiServerURL')));
  const ingressDomain = nonEmpty(str(get(ingress, 'spec', 'domain')));
  const baseDomain =
    nonEmpty(str(get(infrastructure, 'status', 'etcdDiscoveryDomain'))) ??
    nonEmpty(str(get(dns, 'spec', 'baseDomain'))) ??
    (ingressDomain?.startsWith('apps.') ? ingressDomain.slice('apps.'.length) : ingressDomain) ??
    installConfig.clusterDomain;
  if (baseDomain === undefined) problems.push('the cluster base domain is not known: it is not obfuscated');
  if (apiHost === undefined) problems.push('the API server host is not known: it is not obfuscated');
  return { networks, ...(baseDomain === undefined ? {} : { baseDomain }), ...(apiHost === undefined ? {} : { apiHost }), problems };
}

/** The network config's, install-config's and HostSubnets' CIDRs, valid ones only, de-duplicated. */
function collectNetworks(network: unknown, installConfigText: string | undefined, hostSubnets: readonly unknown[]): string[] {
  const found: string[] = [];
  for (const part of ['spec', 'status'] as const) {
    for (const entry of arr(get(network, part, 'clusterNetwork'))) found.push(str(get(entry, 'cidr')) ?? '');
    for (const cidr of arr(get(network, part, 'serviceNetwork'))) found.push(str(cidr) ?? '');
  }
  const externalIp = get(network, 'spec', 'externalIP');
  for (const cidr of [...arr(get(externalIp, 'autoAssignCIDRs')), ...arr(get(externalIp, 'policy', 'allowedCIDRs')), ...arr(get(externalIp, 'policy', 'rejectedCIDRs'))]) {
    found.push(str(cidr) ?? '');
  }
  if (installConfigText !== undefined) found.push(...cidrsInText(installConfigText));
  for (const subnet of hostSubnets) for (const cidr of arr(get(subnet, 'egressCIDRs'))) found.push(str(cidr) ?? '');
  if (hostSubnets.length === 0) found.push(OVN_EGRESS_NETWORK);
  return [...new Set(found.map((c) => c.trim()).filter((c) => parseCidr(c) !== undefined))];
}

/** Every CIDR written in a text, as the original scans the install-config (plus IPv6). */
export function cidrsInText(text: string): string[] {
  const candidates = text.match(/(?<![\w.:])(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,8})\/\d{1,3}(?!\d)/g) ?? [];
  return candidates.filter((c) => parseCidr(c) !== undefined);
}

/** The cluster domain (`metadata.name`.`baseDomain`) from an install-config, unless the gatherer masked it. */
function readInstallConfig(text: string | undefined, source: string, problems: string[]): { clusterDomain?: string } {
  if (text === undefined) return {};
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    problems.push(`${source} is not YAML: ${describeError(error)}`);
    return {};
  }
  const name = nonEmpty(str(get(doc, 'metadata', 'name')));
  const base = nonEmpty(str(get(doc, 'baseDomain')));
  // The install-config gatherer replaces the base domain with x's.
  if (name === undefined || base === undefined || /^x+$/.test(base)) return {};
  return { clusterDomain: `${name}.${base}` };
}

function hostOf(url: string | undefined): string | undefined {
  if (url === undefined || url.trim() === '') return undefined;
  try {
    return nonEmpty(new URL(url).hostname);
  } catch {
    return nonEmpty(url.trim());
  }
}

/** A kubeconfig server's host, unless it is an address (in a pod: the service IP, which is no name). */
function nonIpHost(server: string | undefined): string | undefined {
  const host = hostOf(server);
  if (host === undefined) return undefined;
  return isIP(host.replace(/^\[|\]$/g, '')) === 0 ? host : undefined;
}

function get(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
