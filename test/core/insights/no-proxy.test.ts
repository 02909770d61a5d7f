import { describe, expect, it } from 'vitest';
import { NoProxyList } from '../../../core/insights/no-proxy.ts';

describe('NoProxyList (Go httpproxy semantics, with CIDRs)', () => {
  it.each([
    // [NO_PROXY, host, port, direct?]
    ['*', 'anything.example', '443', true],
    ['', 'api.example.com', '443', false],
    ['example.com', 'example.com', '443', true],
    ['example.com', 'api.example.com', '443', true],
    ['example.com', 'notexample.com', '443', false],
    ['.example.com', 'example.com', '443', false],
    ['.example.com', 'api.example.com', '443', true],
    ['*.example.com', 'api.example.com', '443', true],
    ['*.example.com', 'example.com', '443', false],
    ['EXAMPLE.com', 'Api.Example.COM', '443', true],
    ['example.com:8443', 'example.com', '443', false],
    ['example.com:8443', 'example.com', '8443', true],
    ['10.1.2.3', '10.1.2.3', '443', true],
    ['10.1.2.3', '10.1.2.4', '443', false],
    ['10.1.2.3:443', '10.1.2.3', '443', true],
    ['10.1.2.3:443', '10.1.2.3', '80', false],
    ['10.0.0.0/8', '10.200.3.4', '443', true],
    ['10.0.0.0/8', '11.0.0.1', '443', false],
    ['10.0.0.0/8', 'ten.example', '443', false],
    ['192.168.0.0/16, 127.0.0.0/8', '127.0.0.1', '8443', true],
    ['fd00::/8', '[fd12::1]', '443', true],
    ['::1', '[::1]', '443', true],
    ['[::1]:8443', '[::1]', '8443', true],
    ['[::1]:8443', '[::1]', '443', false],
    [' a.example , , b.example ', 'b.example', '443', true],
    ['10.0.0.0/99, :80, garbage/x', '10.0.0.1', '443', false],
    ['localhost', '127.0.0.1', '443', false],
  ] as const)('NO_PROXY=%j host %s:%s → direct %s', (list, host, port, direct) => {
    expect(new NoProxyList(list).matches(host, port)).toBe(direct);
  });
});
