import { BlockList, isIP } from 'node:net';

interface HostEntry {
  /** With a leading dot: `.example.com`. */
  suffix: string;
  /** The entry had no leading dot or `*.`, so the domain itself matches too. */
  matchesDomain: boolean;
  port: string;
}

interface AddressEntry {
  addresses: BlockList;
  port: string;
}

/**
 * A `NO_PROXY` list, read as Go's `golang.org/x/net/http/httpproxy` reads it (the original's proxy
 * function): comma-separated, case-insensitive entries, each one of
 * - `*`: no destination uses the proxy;
 * - a CIDR (`10.0.0.0/8`, `fd00::/8`): IP destinations inside it (undici's own env agent lacks this);
 * - an IP, optionally with a port (`10.1.2.3`, `10.1.2.3:8443`, `[::1]:443`);
 * - a domain, optionally with a port: `example.com` matches it and its subdomains, `.example.com` and
 *   `*.example.com` only the subdomains.
 * One deliberate difference: Go never proxies `localhost` or loopback addresses; this list does not
 * exempt them, so loopback test proxies and `NO_PROXY=127.0.0.1` behave as written.
 */
export class NoProxyList {
  readonly #all: boolean;
  readonly #networks = new BlockList();
  readonly #addresses: AddressEntry[] = [];
  readonly #hosts: HostEntry[] = [];

  /** @param list - the raw `NO_PROXY` value; malformed entries are skipped, as Go does */
  constructor(list: string) {
    let all = false;
    for (const raw of list.split(',')) {
      const entry = raw.trim().toLowerCase();
      if (entry === '') continue;
      if (entry === '*') {
        all = true;
        break;
      }
      if (this.#addNetwork(entry)) continue;
      const { host, port } = splitHostPort(entry);
      if (host === '') continue;
      const family = isIP(host);
      if (family !== 0) {
        const addresses = port === '' ? this.#networks : new BlockList();
        addresses.addAddress(host, family === 6 ? 'ipv6' : 'ipv4');
        if (port !== '') this.#addresses.push({ addresses, port });
        continue;
      }
      const bare = host.startsWith('*.') ? host.slice(1) : host;
      this.#hosts.push(bare.startsWith('.') ? { suffix: bare, matchesDomain: false, port } : { suffix: `.${bare}`, matchesDomain: true, port });
    }
    this.#all = all;
  }

  /**
   * Whether a destination goes direct.
   * @param hostname - as `URL.hostname` gives it (IPv6 in brackets is accepted)
   * @param port - the destination port, the scheme's default filled in
   */
  matches(hostname: string, port: string): boolean {
    if (this.#all) return true;
    const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
    const family = isIP(host);
    if (family !== 0) {
      const type = family === 6 ? 'ipv6' : 'ipv4';
      if (this.#networks.check(host, type)) return true;
      if (this.#addresses.some((a) => a.port === port && a.addresses.check(host, type))) return true;
    }
    return this.#hosts.some((h) => (host.endsWith(h.suffix) || (h.matchesDomain && host === h.suffix.slice(1))) && (h.port === '' || h.port === port));
  }

  #addNetwork(entry: string): boolean {
    const slash = entry.indexOf('/');
    if (slash < 0) return false;
    const address = entry.slice(0, slash);
    const prefixText = entry.slice(slash + 1);
    const family = isIP(address);
    if (family === 0 || !/^\d{1,3}$/.test(prefixText)) return false;
    const prefix = Number(prefixText);
    if (prefix > (family === 6 ? 128 : 32)) return false;
    this.#networks.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
    return true;
  }
}

/** `host:port`, `[v6]:port`, `host` or a bare IPv6 address. */
function splitHostPort(entry: string): { host: string; port: string } {
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1] ?? '', port: bracketed[2] ?? '' };
  if (isIP(entry) === 6) return { host: entry, port: '' };
  const withPort = /^([^:]*):(\d+)$/.exec(entry);
  if (withPort) return { host: withPort[1] ?? '', port: withPort[2] ?? '' };
  return { host: entry, port: '' };
}
