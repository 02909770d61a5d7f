import { describe, expect, it } from 'vitest';
import { networkContains, parseCidr, parseIpv4, parseIpv6 } from '../../../core/protect/ip-address.ts';
import { createNetworkObfuscator } from '../../../core/protect/network-obfuscator.ts';
import { TranslationTable } from '../../../core/protect/translation-table.ts';

const NETWORKS = ['10.128.0.0/14', '172.30.0.0/16', '10.0.0.0/16', 'fd01::/48', 'fd02::/112'];
const API_HOST = 'api.mycluster.example.com';
const BASE_DOMAIN = 'mycluster.example.com';

function obfuscator(table = new TranslationTable()) {
  return createNetworkObfuscator({ networks: NETWORKS, baseDomain: BASE_DOMAIN, apiHost: API_HOST, table });
}

function run(text: string, name = 'config/x.json', table?: TranslationTable) {
  const out = obfuscator(table).obfuscate({ name, data: Buffer.from(text) });
  return { name: out.name, text: out.data.toString() };
}

function inNetwork(address: string, cidr: string): boolean {
  const network = parseCidr(cidr)!;
  const v4 = parseIpv4(address);
  return v4 !== undefined ? networkContains(network, 4, BigInt(v4)) : networkContains(network, 6, parseIpv6(address)!);
}

describe('createNetworkObfuscator', () => {
  const canaries = {
    podIp: '10.129.7.23',
    serviceIp: '172.30.99.14',
    nodeIp: '10.0.88.27',
    externalIp: '203.0.113.77',
    podIp6: 'fd01:0:0:3::2a',
    otherIp6: '2001:db8:85a3::8a2e:370:7334',
  };
  const document = JSON.stringify({
    pod: canaries.podIp,
    svc: `http://${canaries.serviceIp}:8080/metrics`,
    node: `${canaries.nodeIp}/19`,
    ext: [canaries.externalIp, `${canaries.externalIp}/32`],
    v6: [`[${canaries.podIp6}]:6443`, canaries.otherIp6, `fd01:0000:0000:0003:0000:0000:0000:002a`],
    api: `https://${API_HOST}:6443`,
    route: `console-openshift-console.apps.${BASE_DOMAIN}`,
    cidrs: ['10.128.0.0/14', 'fd01::/48', '192.168.0.0/24'],
  });

  it('leaves no canary address or domain in the content', () => {
    const { text } = run(document);
    for (const canary of [...Object.values(canaries), 'fd01:0000:0000:0003', BASE_DOMAIN, 'example.com']) {
      expect(text, canary).not.toContain(canary);
    }
    expect(text).toContain('https://<CLUSTER_DOMAIN_HOST>:6443');
    expect(text).toContain('console-openshift-console.apps.<CLUSTER_BASE_DOMAIN>');
  });

  it('keeps in-network addresses in their subnet and sends the others to 0.0.0.0 / ::', () => {
    const parsed = JSON.parse(run(document).text) as Record<string, unknown>;
    expect(inNetwork(parsed['pod'] as string, '10.128.0.0/14')).toBe(true);
    const svc = /http:\/\/([\d.]+):8080/.exec(parsed['svc'] as string)![1]!;
    expect(inNetwork(svc, '172.30.0.0/16')).toBe(true);
    const [node, prefix] = (parsed['node'] as string).split('/');
    expect(prefix).toBe('19');
    expect(inNetwork(node!, '10.0.0.0/16')).toBe(true);
    expect(parsed['ext']).toEqual(['0.0.0.0', '0.0.0.0/32']);
    const [pod6, other6, longPod6] = parsed['v6'] as string[];
    const inner = /^\[(.*)\]:6443$/.exec(pod6!)![1]!;
    expect(inNetwork(inner, 'fd01::/48')).toBe(true);
    expect(other6).toBe('::');
    expect(longPod6).toBe(inner);
  });

  it('leaves network CIDRs and known network addresses as they are', () => {
    const { text } = run('nets 10.128.0.0/14 fd01::/48 192.168.0.0/24 0.0.0.0/0 and 10.128.0.0 itself');
    expect(text).toBe('nets 10.128.0.0/14 fd01::/48 192.168.0.0/24 0.0.0.0/0 and 10.128.0.0 itself');
  });

  it('does not touch versions, times, MACs or longer dotted numbers', () => {
    const text = 'version 4.11.0 and 4.11.0-0.nightly, 1.2.3.4.5 and 3.2.1.0.9, at 12:34:56 or 2021-07-07T11:02:52Z, ' +
      'mac aa:bb:cc:dd:ee:ff, C++ std::string, sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08, 256.1.1.1';
    expect(run(text).text).toBe(text);
  });

  it('maps IPv4-mapped IPv6 through its IPv4 part and loopback stays loopback', () => {
    const { text } = run('a ::ffff:10.129.7.23 b ::ffff:8.8.8.8 c 127.0.0.53 d ::1');
    expect(text).toMatch(/^a ::ffff:10\.128\.0\.1 b ::ffff:0\.0\.0\.0 c 127\.0\.0\.1 d ::1$/);
  });

  it('obfuscates entry names segment by segment, keeping them valid paths', () => {
    const { name } = run('', `config/node/${canaries.nodeIp}/ip-${canaries.externalIp}.${BASE_DOMAIN}/fd01::7.json`);
    expect(name).not.toContain(canaries.nodeIp);
    expect(name).not.toContain(canaries.externalIp);
    expect(name).not.toContain(BASE_DOMAIN);
    expect(name).not.toContain('fd01::7');
    const segments = name.split('/');
    expect(segments).toHaveLength(5);
    expect(segments.every((s) => s !== '' && s !== '..')).toBe(true);
    expect(segments[2]).toMatch(/^10\.0\.0\.\d+$/);
    expect(segments[3]).toBe('ip-0.0.0.0.<CLUSTER_BASE_DOMAIN>');
    expect(segments[4]).toMatch(/^fd01::\w+\.json$/);
  });

  it('maps an address identically across obfuscators sharing a table, and after a JSON round trip', () => {
    const table = new TranslationTable();
    const first = run(`a ${canaries.podIp} b ${canaries.podIp6}`, 'x', table).text;
    run('c 10.130.1.1 fd01::99', 'x', table);
    const second = run(`b ${canaries.podIp6} a ${canaries.podIp}`, 'x', table).text;
    expect(second).toBe(`b ${first.split(' ')[3]} a ${first.split(' ')[1]}`);
    const restored = TranslationTable.fromJSON(JSON.parse(JSON.stringify(table.toJSON())));
    expect(run(`a ${canaries.podIp} b ${canaries.podIp6}`, 'x', restored).text).toBe(first);
    // A new address after the round trip does not reuse a value already handed out.
    const fresh = run('10.131.9.9', 'x', restored).text;
    expect([first, 'c 10.128.0.2']).not.toContain(fresh);
    expect(fresh).toBe('10.128.0.3');
  });

  it('returns the very same entry when there is nothing to change, and keeps other bytes intact', () => {
    const entry = { name: 'a/b.bin', data: Buffer.from([0, 255, 128, 10]) };
    expect(obfuscator().obfuscate(entry)).toBe(entry);
    const mixed = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(' 10.0.1.1 é')]);
    const out = obfuscator().obfuscate({ name: 'x', data: mixed }).data;
    expect(out.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    expect(out.subarray(2).toString()).toBe(' 10.0.0.1 é');
  });

  it('refuses a network that is not a CIDR', () => {
    expect(() => createNetworkObfuscator({ networks: ['10.0.0.0'], table: new TranslationTable() })).toThrow(/not a CIDR/);
  });

  it('counts what it did', () => {
    const o = obfuscator();
    o.obfuscate({ name: `n/${API_HOST}`, data: Buffer.from(`${BASE_DOMAIN} 10.0.3.3 8.8.8.8`) });
    o.obfuscate({ name: 'same', data: Buffer.from('nothing') });
    expect(o.stats).toEqual({ entries: 2, changedContents: 1, renamed: 1, addresses: 2, domains: 2 });
  });
});
