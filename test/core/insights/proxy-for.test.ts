import { describe, expect, it } from 'vitest';
import type { ProxySettings } from '../../../core/config/config-sources.ts';
import { effectiveProxy, parseProxyUrl, proxyCredentials, proxyFor } from '../../../core/insights/proxy-for.ts';

const NONE: ProxySettings = { httpProxy: '', httpsProxy: '', noProxy: '' };

function chosen(env: NodeJS.ProcessEnv, explicit: Partial<ProxySettings>, url: string): string {
  return proxyFor(new URL(url), effectiveProxy({ ...NONE, ...explicit }, env))?.href.replace(/\/$/, '') ?? '';
}

// The original's Test_Proxy table (pkg/authorizer/clusterauthorizer), case by case.
describe('proxy selection: the original 8-case table', () => {
  it.each([
    ['no env set, no specific proxy', {}, {}, 'http://google.com', ''],
    ['env set, no specific proxy', { HTTP_PROXY: 'proxy.to' }, {}, 'http://google.com', 'http://proxy.to'],
    ['env set with HTTPS, no specific proxy', { HTTPS_PROXY: 'secproxy.to' }, {}, 'https://google.com', 'http://secproxy.to'],
    ['env not set, specific proxy set', {}, { httpProxy: 'specproxy.to' }, 'http://google.com', 'http://specproxy.to'],
    ['env set, specific proxy set http', { HTTP_PROXY: 'envproxy.to' }, { httpProxy: 'specproxy.to' }, 'http://google.com', 'http://specproxy.to'],
    ['env set, specific proxy set https', { HTTPS_PROXY: 'envsecproxy.to' }, { httpsProxy: 'specsecproxy.to' }, 'https://google.com', 'http://specsecproxy.to'],
    ['env set, specific noproxy, request without noproxy', { HTTPS_PROXY: 'envsecproxy.to', NO_PROXY: 'envnoproxy.to' }, { httpsProxy: 'specsecproxy.to', noProxy: 'specnoproxy.to' }, 'https://google.com', 'http://specsecproxy.to'],
    ['env set, specific noproxy, request with noproxy', { HTTPS_PROXY: 'envsecproxy.to', NO_PROXY: 'envnoproxy.to' }, { httpsProxy: 'specsecproxy.to', noProxy: 'specnoproxy.to' }, 'https://specnoproxy.to', ''],
  ] as const)('%s', (_name, env, explicit, url, expected) => {
    expect(chosen(env, explicit, url)).toBe(expected);
  });
});

describe('proxy selection: more', () => {
  it('reads the upper-case variable first, then the lower-case one', () => {
    expect(chosen({ HTTPS_PROXY: 'upper.to', https_proxy: 'lower.to' }, {}, 'https://x.example')).toBe('http://upper.to');
    expect(chosen({ https_proxy: 'lower.to' }, {}, 'https://x.example')).toBe('http://lower.to');
    expect(chosen({ HTTPS_PROXY: 'p.to', no_proxy: 'x.example' }, {}, 'https://x.example')).toBe('');
  });

  it('never falls back from HTTPS_PROXY to HTTP_PROXY', () => {
    expect(chosen({ HTTP_PROXY: 'p.to' }, {}, 'https://x.example')).toBe('');
  });

  it('applies the environment NO_PROXY CIDRs to environment proxies', () => {
    expect(chosen({ HTTPS_PROXY: 'p.to', NO_PROXY: '10.0.0.0/8' }, {}, 'https://10.3.4.5:6443')).toBe('');
    expect(chosen({ HTTPS_PROXY: 'p.to', NO_PROXY: '10.0.0.0/8' }, {}, 'https://11.3.4.5')).toBe('http://p.to');
  });

  it('says where the settings came from', () => {
    expect(effectiveProxy(NONE, {}).source).toBe('none');
    expect(effectiveProxy(NONE, { NO_PROXY: 'x' }).source).toBe('none');
    expect(effectiveProxy(NONE, { HTTPS_PROXY: 'p' }).source).toBe('env');
    expect(effectiveProxy({ ...NONE, noProxy: 'x' }, { HTTPS_PROXY: 'p' })).toEqual({ httpProxy: '', httpsProxy: '', noProxy: 'x', source: 'config' });
  });

  it('parses proxy URLs, keeping credentials for the caller and refusing other schemes', () => {
    const url = parseProxyUrl('http://u%40x:p%3Ass@proxy.example:3128');
    expect([url.hostname, url.port, decodeURIComponent(url.username), decodeURIComponent(url.password)]).toEqual(['proxy.example', '3128', 'u@x', 'p:ss']);
    expect(parseProxyUrl('https://proxy.example').protocol).toBe('https:');
    expect(() => parseProxyUrl('socks5://u:secretpw@proxy')).toThrow(/not supported/);
    expect(() => parseProxyUrl('http://u:secretpw@')).toThrow(TypeError);
    try {
      parseProxyUrl('ftp://u:secretpw@proxy');
    } catch (error) {
      expect((error as Error).message).not.toContain('secretpw');
    }
  });
});

describe('proxyCredentials', () => {
  it('decodes the userinfo, tolerating malformed escapes', () => {
    expect(proxyCredentials(new URL('http://u%40x:p%3Ass@proxy'))).toEqual({ user: 'u@x', pass: 'p:ss' });
    expect(proxyCredentials(new URL('http://u:%zz@proxy'))).toEqual({ user: 'u', pass: '%zz' });
    expect(proxyCredentials(new URL('http://proxy'))).toBeUndefined();
  });
});
