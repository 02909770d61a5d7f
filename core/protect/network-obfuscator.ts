import type { ArchiveEntry } from '../recorder/recorder.ts';
import { formatIpv4, formatIpv6, hostMask, networkContains, parseCidr, parseIpv4, parseIpv6 } from './ip-address.ts';
import type { IpNetwork } from './ip-address.ts';
import type { NetworkObfuscator } from './protection.ts';
import type { TranslationTable } from './translation-table.ts';

/** What the API server's host name becomes. */
export const CLUSTER_HOST_PLACEHOLDER = '<CLUSTER_DOMAIN_HOST>';
/** What the cluster base domain becomes. */
export const CLUSTER_BASE_DOMAIN_PLACEHOLDER = '<CLUSTER_BASE_DOMAIN>';
/** Networks that are always known: loopback, as the original's `127.0.0.0/8`, and its IPv6 twin. */
export const ALWAYS_KNOWN_NETWORKS: readonly string[] = ['127.0.0.0/8', '::1/128'];

/** Options of {@link createNetworkObfuscator}. */
export interface NetworkObfuscatorOptions {
  /** Known networks (CIDRs, v4 and v6); {@link ALWAYS_KNOWN_NETWORKS} are added. */
  networks: readonly string[];
  /** The cluster base domain (`dnses.config.openshift.io/cluster` spec.baseDomain, e.g. `mycluster.example.com`). */
  baseDomain?: string;
  /** The API server's host name (e.g. `api.mycluster.example.com`). */
  apiHost?: string;
  /** The mapping, shared across obfuscators and archives. */
  table: TranslationTable;
}

/** Counters of one obfuscator, for summaries; never any value. */
export interface ObfuscationStats {
  entries: number;
  /** Entries whose content changed. */
  changedContents: number;
  /** Entries whose name changed. */
  renamed: number;
  /** Addresses replaced (occurrences), in known networks or by the unspecified address. */
  addresses: number;
  /** Domain occurrences replaced. */
  domains: number;
}

/** A {@link NetworkObfuscator} that also counts what it did. */
export interface CountingNetworkObfuscator extends NetworkObfuscator {
  readonly stats: Readonly<ObfuscationStats>;
  /** The known networks in matching order (most specific first), as canonical CIDRs. */
  readonly networks: readonly string[];
}

// One octet, longest alternatives first; leading zeros as the original's `[01]?[0-9][0-9]?`.
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|0?\\d\\d|00\\d|\\d)';
const V4 = `${OCTET}(?:\\.${OCTET}){3}`;
// Not inside a longer dotted number (`1.2.3.4.5`, `4.11.0.1.2` are left alone); after a word's dot
// (`app.10.0.0.1.nip.io`) it is an address.
const V4_BEFORE = '(?<!\\d|\\d\\.)';
const V4_AFTER = '(?!\\d|\\.\\d)';
const V4_CONTENT = new RegExp(`${V4_BEFORE}(${V4})(?:/(\\d{1,3}))?${V4_AFTER}`, 'g');
// In entry names `/` separates path segments, so there is no CIDR there.
const V4_NAME = new RegExp(`${V4_BEFORE}(${V4})${V4_AFTER}`, 'g');
// IPv6 candidates: hex groups with two to eight colons, not glued to a word, another colon or a dot
// (times `12:34:56` and MACs `aa:bb:cc:dd:ee:ff` match here and are rejected by the parser). A dotted
// IPv4 tail is left to the IPv4 pass, which has already obfuscated it.
const V6_CONTENT = /(?<![\w:.])([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,8})(?:\/(\d{1,3}))?(?![\w:]|\.\d)/g;
const V6_NAME = /(?<![\w:.])([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,8})(?![\w:]|\.\d)/g;
// Every valid IPv6 address has `::` or at least seven colons between hex groups.
const V6_PRECHECK = /::|[0-9A-Fa-f]:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]/;

/**
 * Builds the networking obfuscation of the original's `NetworkAnonymizer`, extended to IPv6 and to a
 * mapping kept across archives. In every entry's content and name:
 * - the API host → `<CLUSTER_DOMAIN_HOST>`, then the base domain → `<CLUSTER_BASE_DOMAIN>`;
 * - an IPv4 or IPv6 address inside a known network → the next unused address of that network (the
 *   most specific network that contains it), through the shared {@link TranslationTable}; a known
 *   network's own address is left as it is, as in the original;
 * - any other address → `0.0.0.0` or `::`;
 * - a CIDR whose host bits are zero (`10.128.0.0/14`, `fd01::/48`) is left as it is. Deviation: the
 *   original leaves everything written with a `/n` alone, which lets interface notation such as a node's
 *   `10.0.88.27/19` and single hosts such as `10.0.88.27/32` through; here the address part of such a
 *   value is obfuscated and the `/n` kept.
 * Contents are read as latin1, so that any bytes survive unchanged apart from the replaced ASCII.
 * @throws Error when a network is not a CIDR
 */
export function createNetworkObfuscator(options: NetworkObfuscatorOptions): CountingNetworkObfuscator {
  const networks = sortNetworks([...options.networks, ...ALWAYS_KNOWN_NETWORKS]);
  const table = options.table;
  const domains: Array<[string, string]> = [];
  for (const [value, placeholder] of [
    [options.apiHost, CLUSTER_HOST_PLACEHOLDER],
    [options.baseDomain, CLUSTER_BASE_DOMAIN_PLACEHOLDER],
  ] as const) {
    const trimmed = value?.trim() ?? '';
    // The same bytes as the content's latin1 reading: a non-ASCII domain still matches.
    if (trimmed !== '') domains.push([Buffer.from(trimmed, 'utf8').toString('latin1'), placeholder]);
  }
  const stats: ObfuscationStats = { entries: 0, changedContents: 0, renamed: 0, addresses: 0, domains: 0 };

  const translate = (family: 4 | 6, text: string, value: bigint, canonical: string): string => {
    const known = table.lookup(canonical);
    if (known !== undefined) return known;
    for (const network of networks) {
      if (!networkContains(network, family, value)) continue;
      return value === network.base ? text : table.assign(canonical, network);
    }
    return family === 4 ? '0.0.0.0' : '::';
  };

  const replaceDomains = (text: string): string => {
    let out = text;
    for (const [value, placeholder] of domains) {
      if (!out.includes(value)) continue;
      const parts = out.split(value);
      stats.domains += parts.length - 1;
      out = parts.join(placeholder);
    }
    return out;
  };

  const replaceIpv4 = (text: string, pattern: RegExp): string =>
    text.replace(pattern, (match: string, address: string, group2: unknown) => {
      // The name patterns have no prefix group: their third argument is the match's offset.
      const prefix = typeof group2 === 'string' ? group2 : undefined;
      const value = parseIpv4(address)!;
      if (prefix !== undefined && isNetworkCidr(4, BigInt(value), Number(prefix))) return match;
      const out = translate(4, address, BigInt(value), formatIpv4(value));
      if (out === address) return match;
      stats.addresses++;
      return prefix === undefined ? out : `${out}/${prefix}`;
    });

  const replaceIpv6 = (text: string, pattern: RegExp): string => {
    if (!V6_PRECHECK.test(text)) return text;
    return text.replace(pattern, (match: string, address: string, group2: unknown) => {
      const prefix = typeof group2 === 'string' ? group2 : undefined;
      const value = parseIpv6(address);
      if (value === undefined) return match;
      if (prefix !== undefined && isNetworkCidr(6, value, Number(prefix))) return match;
      const out = translate(6, address, value, formatIpv6(value));
      if (out === address) return match;
      stats.addresses++;
      return prefix === undefined ? out : `${out}/${prefix}`;
    });
  };

  const obfuscateText = (text: string, v4: RegExp, v6: RegExp): string => replaceIpv6(replaceIpv4(replaceDomains(text), v4), v6);

  return {
    stats,
    networks: networks.map((n) => n.key),
    obfuscate(entry: ArchiveEntry): ArchiveEntry {
      stats.entries++;
      // Segment by segment, so that nothing can turn into or out of a path separator.
      const name = entry.name.split('/').map((segment) => obfuscateText(segment, V4_NAME, V6_NAME)).join('/');
      const before = entry.data.toString('latin1');
      const after = obfuscateText(before, V4_CONTENT, V6_CONTENT);
      const contentChanged = after.length !== before.length || after !== before;
      if (name !== entry.name) stats.renamed++;
      if (contentChanged) stats.changedContents++;
      if (name === entry.name && !contentChanged) return entry;
      return { name, data: contentChanged ? Buffer.from(after, 'latin1') : entry.data };
    },
  };
}

/**
 * Whether `address/prefix` names a network (host bits zero) rather than an interface address
 * (`10.0.88.27/19`) or a single host (`/32`, `/128`, which egress IPs and routes use).
 */
function isNetworkCidr(family: 4 | 6, address: bigint, prefix: number): boolean {
  const bits = family === 4 ? 32 : 128;
  return prefix < bits && (address & hostMask(family, prefix)) === 0n;
}

/**
 * Parses, de-duplicates and orders the networks most specific first, so that an address is counted in
 * the smallest network that holds it. (The original sorts the prefix lengths as strings, so `/8` came
 * before `/16`.)
 */
function sortNetworks(cidrs: readonly string[]): IpNetwork[] {
  const byKey = new Map<string, IpNetwork>();
  for (const cidr of cidrs) {
    const network = parseCidr(cidr.trim());
    if (network === undefined) throw new Error(`"${cidr}" is not a CIDR network`);
    byKey.set(network.key, network);
  }
  return [...byKey.values()].sort((a, b) => b.prefix - a.prefix || (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
}
