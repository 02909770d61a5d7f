import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { FormData as UndiciFormData } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OperatorError } from '../../../core/errors/codes.ts';
import { InsightsClient } from '../../../core/insights/insights-client.ts';
import { quoteBody } from '../../../core/insights/quote-body.ts';
import { InsightsTransportError } from '../../../core/insights/transport-error.ts';
import { CLUSTER_ID, makeClient, NO_PROXY_SETTINGS, tempDir } from './client-fixture.ts';
import { startTestServer } from './https-test-server.ts';
import type { TestServer } from './https-test-server.ts';
import { captureLogger } from '../../helpers/capture-logger.ts';

const TOKEN = 'canary-Tok3n-4f9a1c77e0';

let server: TestServer;
let bundle: string;
const dir = tempDir();
const clients: InsightsClient[] = [];

beforeAll(async () => {
  server = await startTestServer({
    handler: (req, res) => {
      if (req.path === '/echo-auth') {
        // A server that echoes the request, as some gateways do in their 401 pages.
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'denied', authorization: req.headers.authorization, note: `token was ${TOKEN}` }));
        return;
      }
      if (req.path === '/big') {
        res.writeHead(200).end(Buffer.alloc(4096, 'x'));
        return;
      }
      if (req.path === '/slow') {
        setTimeout(() => res.writeHead(200).end('late'), 2_000);
        return;
      }
      res.writeHead(202, { 'x-rh-insights-request-id': 'req-123', 'content-type': 'application/json' }).end('{"request_id":"req-123"}');
    },
  });
  bundle = dir.file('ca.crt', server.certs.caPem);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
  dir.remove();
});
afterEach(() => {
  server.requests.length = 0;
});

function client(options: Partial<Parameters<typeof makeClient>[0]> = {}): { client: InsightsClient; logs: ReturnType<typeof captureLogger> } {
  const logs = captureLogger();
  const c = makeClient({ logger: logs.logger, caBundleFile: bundle, token: TOKEN, ...options });
  clients.push(c);
  return { client: c, logs };
}

describe('InsightsClient: identity headers', () => {
  it('sends Authorization: Bearer <token> and the original User-Agent', async () => {
    const { client: c } = client({ env: { RELEASE_VERSION: '4.18.3', SOURCE_GIT_COMMIT: 'abc1234' } });
    const res = await c.request({ method: 'POST', url: `${server.url}/api/ingress/v1/upload`, auth: 'bearer', body: 'x' });
    expect(res.statusCode).toBe(202);
    expect(res.requestId).toBe('req-123');
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body.toString()).toBe('{"request_id":"req-123"}');
    const seen = server.requests[0];
    expect(seen?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen?.headers['user-agent']).toBe(`insights-operator/4.18.3-abc1234 cluster/${CLUSTER_ID}`);
  });

  it('sends Authorization: AccessToken <clusterID>:<token> for OCM', async () => {
    const { client: c } = client();
    await c.request({ method: 'POST', url: `${server.url}/api/accounts_mgmt/v1/entitlement_certificates`, auth: 'ocm', body: '{"arch":["x86_64"]}', headers: { 'content-type': 'application/json' } });
    const seen = server.requests[0];
    expect(seen?.headers.authorization).toBe(`AccessToken ${CLUSTER_ID}:${TOKEN}`);
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.body.toString()).toBe('{"arch":["x86_64"]}');
  });

  it('falls back to the package version and "unknown" commit; caller headers cannot replace Authorization or User-Agent', async () => {
    const { client: c } = client();
    await c.request({ method: 'GET', url: `${server.url}/r`, auth: 'bearer', headers: { Authorization: 'Bearer other', 'User-Agent': 'x', accept: 'application/json' } });
    const seen = server.requests[0];
    expect(seen?.headers['user-agent']).toMatch(new RegExp(`^insights-operator/\\d+\\.\\d+\\.\\d+[^ ]*-unknown cluster/${CLUSTER_ID}$`));
    expect(seen?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen?.headers.accept).toBe('application/json');
  });

  it('sends FormData as multipart with its boundary (global FormData included)', async () => {
    const { client: c } = client();
    for (const Form of [FormData, UndiciFormData]) {
      const form = new Form();
      form.append('file', new Blob([Buffer.from('archive-bytes')], { type: 'application/vnd.redhat.openshift.periodic' }), 'payload.tar.gz');
      form.append('metadata', '{"custom_metadata":{}}');
      await c.request({ method: 'POST', url: `${server.url}/api/ingress/v1/upload`, auth: 'bearer', body: form as FormData });
    }
    expect(server.requests).toHaveLength(2);
    for (const seen of server.requests) {
      const type = String(seen.headers['content-type']);
      expect(type).toMatch(/^multipart\/form-data; boundary=/);
      const text = seen.body.toString();
      expect(text).toContain('name="file"; filename="payload.tar.gz"');
      expect(text).toContain('Content-Type: application/vnd.redhat.openshift.periodic');
      expect(text).toContain('archive-bytes');
      expect(text).toContain('name="metadata"');
    }
  });
});

describe('InsightsClient: the token', () => {
  it('refuses a token with a newline before sending anything', async () => {
    for (const bad of [`${TOKEN}\nX-Injected: 1`, `${TOKEN}\r`]) {
      const { client: c, logs } = client({ token: bad });
      const error = await c.request({ method: 'GET', url: `${server.url}/r`, auth: 'bearer' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OperatorError);
      expect((error as OperatorError).code).toBe('IO_INSIGHTS_BAD_TOKEN');
      expect((error as Error).message).toContain('contains newlines');
      expect((error as Error).message).not.toContain(TOKEN);
      expect(logs.text()).not.toContain(TOKEN);
    }
    expect(server.requests).toHaveLength(0);
  });

  it('refuses to send without a token', async () => {
    const { client: c } = client({ token: undefined });
    const error = await c.request({ method: 'GET', url: `${server.url}/r`, auth: 'bearer' }).catch((e: unknown) => e);
    expect((error as OperatorError).code).toBe('IO_INSIGHTS_NO_TOKEN');
    expect(server.requests).toHaveLength(0);
  });

  it('never logs the token at trace, even when a 401 echoes the Authorization header; quoteBody scrubs the echo', async () => {
    const { client: c, logs } = client();
    const res = await c.request({ method: 'POST', url: `${server.url}/echo-auth`, auth: 'ocm', body: 'x' });
    expect(res.statusCode).toBe(401);
    expect(res.body.toString()).toContain(TOKEN); // the server did echo it
    const quoted = quoteBody(res.body, [TOKEN]);
    expect(quoted).not.toContain(TOKEN);
    expect(quoted).toContain('denied');
    expect(logs.lines().length).toBeGreaterThan(0);
    expect(logs.text()).toContain('"level":10'); // trace lines were written
    const b64 = Buffer.from(TOKEN).toString('base64');
    for (const form of [TOKEN, b64, encodeURIComponent(TOKEN)]) expect(logs.text()).not.toContain(form);
    expect(logs.text()).not.toMatch(/authorization"\s*:\s*"(Bearer|AccessToken) [^[]/i);
  });
});

describe('InsightsClient: limits and failures', () => {
  it('rejects a body longer than maxResponseBytes', async () => {
    const { client: c } = client();
    const error = await c.request({ method: 'GET', url: `${server.url}/big`, auth: 'bearer', maxResponseBytes: 1000 }).catch((e: unknown) => e);
    expect((error as OperatorError).code).toBe('IO_INSIGHTS_BODY_TOO_LARGE');
    const ok = await c.request({ method: 'GET', url: `${server.url}/big`, auth: 'bearer', maxResponseBytes: 4096 });
    expect(ok.body.length).toBe(4096);
  });

  it('gives up at the deadline with kind timeout', async () => {
    const { client: c } = client();
    const error = await c.request({ method: 'GET', url: `${server.url}/slow`, auth: 'bearer', timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsightsTransportError);
    expect((error as InsightsTransportError).kind).toBe('timeout');
    expect((error as InsightsTransportError).code).toBe('IO_INSIGHTS_TRANSPORT');
  });

  it('honours the caller AbortSignal with kind aborted', async () => {
    const { client: c } = client();
    const controller = new AbortController();
    const pending = c.request({ method: 'GET', url: `${server.url}/slow`, auth: 'bearer', signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 50);
    expect((await pending as InsightsTransportError).kind).toBe('aborted');
    const already = await c.request({ method: 'GET', url: `${server.url}/r`, auth: 'bearer', signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect((already as InsightsTransportError).kind).toBe('aborted');
  });

  it('classifies a refused connection, a reset and an unknown host', async () => {
    const { client: c } = client();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await c.request({ method: 'GET', url: `https://127.0.0.1:${freePort}/`, auth: 'bearer' }).catch((e: unknown) => e);
    expect((refused as InsightsTransportError).kind).toBe('refused');
    expect((refused as InsightsTransportError).causeCode).toBe('ECONNREFUSED');

    const resetter = createServer((socket) => socket.resetAndDestroy());
    await new Promise<void>((resolve) => resetter.listen(0, '127.0.0.1', resolve));
    const reset = await c.request({ method: 'GET', url: `http://127.0.0.1:${(resetter.address() as AddressInfo).port}/`, auth: 'bearer' }).catch((e: unknown) => e);
    await new Promise<void>((resolve) => resetter.close(() => resolve()));
    expect((reset as InsightsTransportError).kind).toBe('reset');

    const dns = await c.request({ method: 'GET', url: 'https://no-such-host.invalid/', auth: 'bearer' }).catch((e: unknown) => e);
    expect((dns as InsightsTransportError).kind).toBe('dns');
  });

  it('rejects with IO_INSIGHTS_NO_CLUSTER_ID-style errors from the cluster ID source and sends nothing', async () => {
    const logs = captureLogger();
    const c = new InsightsClient({
      token: () => undefined,
      config: () => ({ proxy: NO_PROXY_SETTINGS }),
      logger: logs.logger,
      env: {},
      clusterId: () => Promise.reject(new OperatorError('IO_INSIGHTS_NO_CLUSTER_ID', 'none yet')),
    });
    clients.push(c);
    await expect(c.clusterId()).rejects.toMatchObject({ code: 'IO_INSIGHTS_NO_CLUSTER_ID' });
    expect(() => new InsightsClient({ token: () => undefined, config: () => ({ proxy: NO_PROXY_SETTINGS }), logger: logs.logger })).toThrow(/kubeConfig or a clusterId/);
  });
});
