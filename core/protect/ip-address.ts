/**
 * IPv4 and IPv6 addresses as integers (number for v4, bigint for v6) and the networks that contain
 * them: what the obfuscator needs to map an address to the next one of its own subnet.
 */

/** A parsed CIDR network. */
export interface IpNetwork {
  readonly family: 4 | 6;
  /** The network address (host bits cleared). */
  readonly base: bigint;
  readonly prefix: number;
  /** Canonical text, `10.128.0.0/14` or `fd01::/48`: the key of the network's counter. */
  readonly key: string;
}

const V4_OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d|0\d{1,2})$/;

/** Bits of an address of the family. */
export function familyBits(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

/** An IPv4 dotted quad as an integer, or undefined. Leading zeros are read as decimal, as Go's regex does. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!V4_OCTET.test(part)) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

/** An integer as a dotted quad. */
export function formatIpv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/**
 * An IPv6 address (compressed forms and an embedded IPv4 tail included, zone ids not) as a bigint, or
 * undefined when the text is not one.
 */
export function parseIpv6(text: string): bigint | undefined {
  if (text.length < 2 || text.length > 45) return undefined;
  let hex = text;
  const lastColon = text.lastIndexOf(':');
  if (lastColon < 0) return undefined;
  if (text.includes('.', lastColon)) {
    // An embedded IPv4 tail (`::ffff:10.0.0.1`) is the last two groups written in decimal.
    const tail = parseIpv4(text.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    hex = `${text.slice(0, lastColon + 1)}${(tail >>> 16).toString(16)}:${(tail & 0xffff).toString(16)}`;
  }
  const halves = hex.split('::');
  if (halves.length > 2) return undefined;
  const readGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const group of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      groups.push(Number.parseInt(group, 16));
    }
    return groups;
  };
  const left = readGroups(halves[0]!);
  const right = halves.length === 2 ? readGroups(halves[1]!) : [];
  if (left === undefined || right === undefined) return undefined;
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...left, ...new Array<number>(missing).fill(0), ...right];
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  return value;
}

/** A bigint as canonical IPv6 text (RFC 5952: lower case, longest run of two or more zero groups as `::`). */
export function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Host-bit mask of a prefix. */
export function hostMask(family: 4 | 6, prefix: number): bigint {
  return (1n << BigInt(familyBits(family) - prefix)) - 1n;
}

/** Formats an address of the family. */
export function formatAddress(family: 4 | 6, value: bigint): string {
  return family === 4 ? formatIpv4(Number(value)) : formatIpv6(value);
}

/**
 * Parses `a.b.c.d/n` or `v6/n` into its network (host bits cleared, as Go's `net.ParseCIDR`), or
 * undefined when it is not a CIDR.
 */
export function parseCidr(text: string): IpNetwork | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const addressText = text.slice(0, slash);
  const v4 = parseIpv4(addressText);
  const family: 4 | 6 = v4 !== undefined ? 4 : 6;
  const address = v4 !== undefined ? BigInt(v4) : parseIpv6(addressText);
  if (address === undefined || prefix > familyBits(family)) return undefined;
  const base = address & ~hostMask(family, prefix);
  return { family, base, prefix, key: `${formatAddress(family, base)}/${prefix}` };
}

/** Whether the network contains the address (of the same family). */
export function networkContains(network: IpNetwork, family: 4 | 6, address: bigint): boolean {
  return network.family === family && (address & ~hostMask(family, network.prefix)) === network.base;
}
