// Reliability property 17: proxies from the configuration, else the environment (NO_PROXY with CIDRs),
// CONNECT for https, 407 without a retry storm, credentials never in logs or errors.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProxySettings } from '../../../core/config/config-sources.ts';
import { Token } from '../../../core/config/token.ts';
import { InsightsClient } from '../../../core/insights/insights-client.ts';
import { InsightsTransportError } from '../../../core/insights/transport-error.ts';
import { startConnectProxy } from '../../sim/console/connect-proxy.ts';
import type { ConnectProxy } from '../../sim/console/connect-proxy.ts';
import { makeClient, tempDir } from './client-fixture.ts';
import { startTestServer } from './https-test-server.ts';
import type { TestServer } from './https-test-server.ts';
import { captureLogger } from '../../helpers/capture-logger.ts';

const PROXY_USER = 'proxy-user-7731';
const PROXY_PASS = 'proxy-pass-Zq81x';

const dir = tempDir();
let server: TestServer;
let bundle: string;
let open: ConnectProxy;
let other: ConnectProxy;
let guarded: ConnectProxy;
const clients: InsightsClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  bundle = dir.file('ca.crt', server.certs.caPem);
  [open, other, guarded] = await Promise.all([startConnectProxy(), startConnectProxy(), startConnectProxy({ auth: { user: PROXY_USER, pass: PROXY_PASS } })]);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all([server.close(), open.close(), other.close(), guarded.close()]);
  dir.remove();
});
beforeEach(() => {
  for (const p of [open, other, guarded]) p.connects.length = 0;
  server.requests.length = 0;
});

function client(env: NodeJS.ProcessEnv, proxy?: ProxySettings): { client: InsightsClient; logs: ReturnType<typeof captureLogger> } {
  const logs = captureLogger();
  const c = makeClient({ logger: logs.logger, caBundleFile: bundle, env, ...(proxy === undefined ? {} : { proxy }) });
  clients.push(c);
  return { client: c, logs };
}

const target = (): string => `127.0.0.1:${server.port}`;
const get = (c: InsightsClient, url = `${server.url}/ok`) => c.request({ method: 'GET', url, auth: 'bearer' });
const withCreds = (proxy: ConnectProxy, user = PROXY_USER, pass = PROXY_PASS): string => proxy.url.replace('http://', `http://${user}:${pass}@`);

describe('InsightsClient proxy (property 17)', () => {
  it('HTTPS_PROXY: the proxy sees CONNECT 127.0.0.1:<port> and the request succeeds through it', async () => {
    const { client: c } = client({ HTTPS_PROXY: open.url });
    expect((await get(c)).statusCode).toBe(200);
    expect(open.connects.map((x) => x.target)).toEqual([target()]);
    expect(server.requests).toHaveLength(1);
  });

  it('https_proxy in lower case works too; HTTP_PROXY is not used for https targets', async () => {
    const { client: lower } = client({ https_proxy: open.url });
    await get(lower);
    expect(open.connects).toHaveLength(1);
    const { client: httpOnly } = client({ HTTP_PROXY: other.url });
    await get(httpOnly);
    expect(other.connects).toHaveLength(0);
  });

  it('NO_PROXY with the host, or a CIDR containing it, means direct', async () => {
    for (const noProxy of ['127.0.0.1', 'example.com, 127.0.0.0/8', `127.0.0.1:${server.port}`, '*']) {
      const { client: c } = client({ HTTPS_PROXY: open.url, NO_PROXY: noProxy });
      expect((await get(c)).statusCode).toBe(200);
    }
    expect(open.connects).toHaveLength(0);
    expect(server.requests).toHaveLength(4);
    // Another port or network does not match.
    for (const noProxy of ['127.0.0.1:1', '10.0.0.0/8', 'localhost']) {
      const { client: c } = client({ HTTPS_PROXY: open.url, no_proxy: noProxy });
      await get(c);
    }
    expect(open.connects).toHaveLength(3);
  });

  it('the configured proxy overrides the environment', async () => {
    const { client: c } = client({ HTTPS_PROXY: open.url }, { httpProxy: '', httpsProxy: other.url, noProxy: '' });
    expect((await get(c)).statusCode).toBe(200);
    expect(other.connects.map((x) => x.target)).toEqual([target()]);
    expect(open.connects).toHaveLength(0);
    // Configured settings replace the environment wholesale: a configured noProxy alone means direct.
    const { client: noProxyOnly } = client({ HTTPS_PROXY: open.url }, { httpProxy: '', httpsProxy: '', noProxy: 'example.com' });
    await get(noProxyOnly);
    expect(open.connects).toHaveLength(0);
    // ...and the environment's NO_PROXY does not apply to a configured proxy.
    const { client: envNoProxy } = client({ NO_PROXY: '127.0.0.1' }, { httpProxy: '', httpsProxy: other.url, noProxy: '' });
    await get(envNoProxy);
    expect(other.connects).toHaveLength(2);
  });

  it('the configuration is read at each request', async () => {
    let proxy: ProxySettings = { httpProxy: '', httpsProxy: '', noProxy: '' };
    const logs = captureLogger();
    const c = new InsightsClient({ token: () => new Token('t'), config: () => ({ proxy }), caBundleFile: bundle, env: {}, logger: logs.logger, clusterId: async () => 'id' });
    clients.push(c);
    await get(c);
    proxy = { httpProxy: '', httpsProxy: open.url, noProxy: '' };
    await get(c);
    expect(open.connects).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
  });

  it('proxy credentials from the URL are sent as Proxy-Authorization: Basic', async () => {
    const { client: c } = client({ HTTPS_PROXY: withCreds(guarded) });
    expect((await get(c)).statusCode).toBe(200);
    expect(guarded.connects).toEqual([expect.objectContaining({ target: target(), authorized: true })]);
    expect(server.requests[0]?.headers['proxy-authorization']).toBeUndefined();
  });

  it('407 from the proxy: kind proxy, one CONNECT (no retry), no credentials in errors or logs', async () => {
    for (const url of [guarded.url, withCreds(guarded, PROXY_USER, 'wrong-pass-Zq81x')]) {
      guarded.connects.length = 0;
      const { client: c, logs } = client({ HTTPS_PROXY: url });
      const error = await get(c).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InsightsTransportError);
      expect((error as InsightsTransportError).kind).toBe('proxy');
      expect((error as Error).message).toContain('407');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(guarded.connects).toHaveLength(1);
      expect(guarded.connects[0]?.authorized).toBe(false);
      const everything = `${logs.text()}${(error as Error).message}${JSON.stringify(error)}`;
      for (const secret of [PROXY_USER, PROXY_PASS, 'wrong-pass-Zq81x']) expect(everything).not.toContain(secret);
    }
    expect(server.requests).toHaveLength(0);
  });

  it('proxy credentials never appear in the logs of a successful request', async () => {
    const { client: c, logs } = client({ HTTPS_PROXY: withCreds(guarded) });
    await get(c);
    expect(logs.text()).toContain('***@127.0.0.1');
    expect(logs.text()).not.toContain(PROXY_USER);
    expect(logs.text()).not.toContain(PROXY_PASS);
  });

  it('an unreachable proxy is kind proxy; a malformed proxy setting too, without echoing it', async () => {
    const { client: c } = client({ HTTPS_PROXY: 'http://127.0.0.1:1' });
    const error = await get(c).catch((e: unknown) => e);
    expect((error as InsightsTransportError).kind).toBe('proxy');
    const { client: bad } = client({}, { httpProxy: '', httpsProxy: `ftp://${PROXY_USER}:${PROXY_PASS}@proxy`, noProxy: '' });
    const badError = await get(bad).catch((e: unknown) => e);
    expect((badError as InsightsTransportError).kind).toBe('proxy');
    expect((badError as Error).message).not.toContain(PROXY_PASS);
  });

  it('plain-HTTP targets go through HTTP_PROXY as absolute-URI requests', async () => {
    const plain = createServer((req, res) => res.writeHead(200).end(`plain ${req.url}`));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const port = (plain.address() as AddressInfo).port;
      guarded.forwards.length = 0;
      const { client: c } = client({ HTTP_PROXY: withCreds(guarded) });
      const res = await get(c, `http://127.0.0.1:${port}/p?q=1`);
      expect(res.body.toString()).toBe('plain /p?q=1');
      expect(guarded.forwards).toEqual([expect.objectContaining({ method: 'GET', url: `http://127.0.0.1:${port}/p?q=1`, authorized: true })]);
      expect(guarded.connects).toHaveLength(0);
    } finally {
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  });
});
