import { describe, expect, it } from 'vitest';
import { formatIpv6, networkContains, parseCidr, parseIpv4, parseIpv6 } from '../../../core/protect/ip-address.ts';

describe('ip-address', () => {
  it('reads IPv4 dotted quads and nothing else', () => {
    expect(parseIpv4('10.128.0.55')).toBe(0x0a800037);
    expect(parseIpv4('256.1.1.1')).toBeUndefined();
    expect(parseIpv4('1.2.3')).toBeUndefined();
    expect(parseIpv4('1.2.3.4.5')).toBeUndefined();
  });

  it('reads compressed, full and IPv4-tailed IPv6 forms to the same value', () => {
    expect(parseIpv6('fd01::1')).toBe((0xfd01n << 112n) | 1n);
    expect(parseIpv6('fd01:0:0:0:0:0:0:1')).toBe(parseIpv6('fd01::1'));
    expect(parseIpv6('::ffff:10.0.0.1')).toBe((0xffffn << 32n) | 0x0a000001n);
    expect(parseIpv6('::')).toBe(0n);
    expect(parseIpv6('1:2:3:4:5:6:7::')).toBe(parseIpv6('1:2:3:4:5:6:7:0'));
  });

  it('rejects times, MACs and malformed text', () => {
    for (const text of ['12:34:56', 'aa:bb:cc:dd:ee:ff', '1::2::3', 'fd01::g', '1:2:3:4:5:6:7:8:9', '::1.2.3']) {
      expect(parseIpv6(text), text).toBeUndefined();
    }
  });

  it('formats IPv6 canonically (RFC 5952)', () => {
    expect(formatIpv6(parseIpv6('FD01:0000:0000:0000:0000:0000:0000:0001')!)).toBe('fd01::1');
    expect(formatIpv6(parseIpv6('1:0:0:2:0:0:0:3')!)).toBe('1:0:0:2::3');
    expect(formatIpv6(parseIpv6('1:0:2:3:4:5:6:7')!)).toBe('1:0:2:3:4:5:6:7');
    expect(formatIpv6(0n)).toBe('::');
  });

  it('parses CIDRs to their network and tests containment', () => {
    const v4 = parseCidr('192.168.126.0/18')!;
    expect(v4.key).toBe('192.168.64.0/18');
    expect(networkContains(v4, 4, BigInt(parseIpv4('192.168.100.7')!))).toBe(true);
    expect(networkContains(v4, 4, BigInt(parseIpv4('192.168.128.1')!))).toBe(false);
    const v6 = parseCidr('fd01::/48')!;
    expect(v6.key).toBe('fd01::/48');
    expect(networkContains(v6, 6, parseIpv6('fd01:0:0:5::9')!)).toBe(true);
    expect(networkContains(v6, 4, 1n)).toBe(false);
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0')).toBeUndefined();
  });
});
