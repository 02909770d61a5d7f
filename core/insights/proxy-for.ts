import type { ProxySettings } from '../config/config-sources.ts';
import { NoProxyList } from './no-proxy.ts';

/** The proxy settings in effect and where they came from. */
export interface EffectiveProxy extends ProxySettings {
  source: 'config' | 'env' | 'none';
}

/**
 * The proxy settings that apply, as the original's `NewSystemOrConfiguredProxy`: when the
 * insights-config/support settings set any of the three fields, they are used alone (the environment is
 * ignored entirely, `NO_PROXY` included); otherwise the environment: `HTTPS_PROXY`/`https_proxy`,
 * `HTTP_PROXY`/`http_proxy`, `NO_PROXY`/`no_proxy`, upper case first (Go's order).
 */
export function effectiveProxy(explicit: Readonly<ProxySettings>, env: NodeJS.ProcessEnv): EffectiveProxy {
  if (explicit.httpProxy !== '' || explicit.httpsProxy !== '' || explicit.noProxy !== '') {
    return { httpProxy: explicit.httpProxy, httpsProxy: explicit.httpsProxy, noProxy: explicit.noProxy, source: 'config' };
  }
  const read = (name: string): string => env[name.toUpperCase()] || env[name.toLowerCase()] || '';
  const settings = { httpProxy: read('http_proxy'), httpsProxy: read('https_proxy'), noProxy: read('no_proxy') };
  const any = settings.httpProxy !== '' || settings.httpsProxy !== '';
  return { ...settings, source: any ? 'env' : 'none' };
}

let cachedList: { text: string; list: NoProxyList } | undefined;

/**
 * The proxy a request to `target` goes through, or `undefined` for a direct connection: the HTTPS proxy
 * for `https:` targets and the HTTP proxy for `http:` ones (no fallback from one to the other, as Go),
 * unless `NO_PROXY` matches the destination (see {@link NoProxyList}). A proxy without a scheme is
 * `http://` (`proxy.example:3128`, as Go reads it).
 *
 * @returns the proxy URL as configured, userinfo included (the caller takes credentials from it and
 *   must strip it before logging: `redactUrl`)
 * @throws TypeError when the configured proxy is not a valid http(s) URL (the message names no credentials)
 */
export function proxyFor(target: URL, settings: Readonly<ProxySettings>): URL | undefined {
  const raw = target.protocol === 'https:' ? settings.httpsProxy : target.protocol === 'http:' ? settings.httpProxy : '';
  if (raw === '') return undefined;
  if (cachedList?.text !== settings.noProxy) cachedList = { text: settings.noProxy, list: new NoProxyList(settings.noProxy) };
  const port = target.port !== '' ? target.port : target.protocol === 'https:' ? '443' : '80';
  if (cachedList.list.matches(target.hostname, port)) return undefined;
  return parseProxyUrl(raw);
}

/** A proxy setting as a URL; `http://` is assumed when no scheme is given. */
export function parseProxyUrl(raw: string): URL {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw.trim()) ? raw.trim() : `http://${raw.trim()}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError('the proxy setting is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`proxy scheme ${url.protocol} is not supported (use http:// or https://)`);
  if (url.hostname === '') throw new TypeError('the proxy setting has no host');
  return url;
}

/** The decoded credentials in a proxy URL's userinfo, or `undefined` when it has none. */
export function proxyCredentials(url: URL): { user: string; pass: string } | undefined {
  if (url.username === '' && url.password === '') return undefined;
  const decode = (text: string): string => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  return { user: decode(url.username), pass: decode(url.password) };
}
