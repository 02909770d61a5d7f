import { Agent, ProxyAgent } from 'undici';
import type { Dispatcher } from 'undici';
import type { TrustedCas } from './ca-bundle.ts';
import { proxyCredentials } from './proxy-for.ts';

/** TLS settings every connection uses: verified chain and host name, TLS 1.2 or newer. */
function tlsOptions(cas: TrustedCas): { ca: string[]; minVersion: 'TLSv1.2'; rejectUnauthorized: true } {
  return { ca: [...cas.ca], minVersion: 'TLSv1.2', rejectUnauthorized: true };
}

/**
 * The undici dispatchers the client sends through: one plain `Agent` for direct connections and one
 * `ProxyAgent` per proxy URL (CONNECT tunnels for https targets, absolute-form requests for http ones).
 * They are built lazily and all rebuilt when the trusted CAs change (old ones are closed gracefully,
 * so requests in flight finish). Proxy credentials go into `Proxy-Authorization: Basic` and are not
 * kept in the URL handed to undici.
 */
export class DispatcherPool {
  readonly #connectTimeoutMs: number;
  #casVersion = -1;
  readonly #dispatchers = new Map<string, Dispatcher>();

  constructor(options: { connectTimeoutMs: number }) {
    this.#connectTimeoutMs = options.connectTimeoutMs;
  }

  /** The dispatcher for a request: direct when `proxy` is undefined. */
  get(proxy: URL | undefined, cas: TrustedCas): Dispatcher {
    if (cas.version !== this.#casVersion) {
      this.#closeAll();
      this.#casVersion = cas.version;
    }
    const key = proxy === undefined ? 'direct' : proxy.href;
    let dispatcher = this.#dispatchers.get(key);
    if (dispatcher === undefined) {
      dispatcher = proxy === undefined ? this.#direct(cas) : this.#proxied(proxy, cas);
      // Proxy settings change rarely; a handful of agents is the most this map holds in practice.
      if (this.#dispatchers.size >= 8) this.#closeAll();
      this.#dispatchers.set(key, dispatcher);
    }
    return dispatcher;
  }

  /** Closes every dispatcher; requests in flight finish first. */
  async close(): Promise<void> {
    const all = [...this.#dispatchers.values()];
    this.#dispatchers.clear();
    await Promise.all(all.map((d) => d.close().catch(() => undefined)));
  }

  #direct(cas: TrustedCas): Dispatcher {
    return new Agent({ connect: { ...tlsOptions(cas), timeout: this.#connectTimeoutMs } });
  }

  #proxied(proxy: URL, cas: TrustedCas): Dispatcher {
    const bare = new URL(proxy.href);
    bare.username = '';
    bare.password = '';
    const credentials = proxyCredentials(proxy);
    const token = credentials === undefined ? undefined : `Basic ${Buffer.from(`${credentials.user}:${credentials.pass}`).toString('base64')}`;
    return new ProxyAgent({
      uri: bare.href,
      ...(token === undefined ? {} : { token }),
      connectTimeout: this.#connectTimeoutMs,
      requestTls: tlsOptions(cas),
      proxyTls: tlsOptions(cas),
    });
  }

  #closeAll(): void {
    for (const d of this.#dispatchers.values()) void d.close().catch(() => undefined);
    this.#dispatchers.clear();
  }
}
