import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MonitoringApiError } from '../../../plugin-api/errors.ts';
import { operatorBearerToken } from '../../../core/monitoring/operator-token.ts';
import { PrometheusClient } from '../../../core/monitoring/prometheus-client.ts';
import { MonitoringClient } from '../../../core/monitoring/monitoring-client.ts';
import { captureLogger } from '../../helpers/capture-logger.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { startTestServer } from '../insights/https-test-server.ts';
import type { TestServer } from '../insights/https-test-server.ts';

const TOKEN = 'sha256~operator-own-token-d41d8cd98f00b204';
const ROTATED = 'sha256~rotated-token-9e107d9d372bb6826bd8';
const VECTOR = JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { __name__: 'up' }, value: [1700000000.5, '1'] }] } });

/** A kubeconfig whose current user is `user` (the shapes client-node builds from a file or in a cluster). */
function kubeConfigWith(user: Record<string, unknown>): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:6443', skipTLSVerify: false }],
    users: [{ name: 'u', ...user }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  return kc;
}

// Debian's Prometheus cannot check a bearer token: a loopback HTTPS server records what the client sends.
describe('the monitoring clients\' bearer token', () => {
  let server: TestServer;
  let caFile: string;
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer({
      handler: (req, res) => {
        if (req.path.startsWith('/echo')) {
          // A server that echoes the request's credentials back in an error.
          res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unauthorized', got: req.headers.authorization ?? null }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(VECTOR);
      },
    });
    dir = await mkdtemp(join(tmpdir(), 'monitoring-token-'));
    caFile = join(dir, 'service-ca.crt');
    await writeFile(caFile, server.certs.caPem);
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  function client(kc: KubeConfig, logger = captureLogger().logger, env: NodeJS.ProcessEnv = {}): PrometheusClient {
    return new PrometheusClient({ service: 'prometheus', baseUrl: server.url, caFile, token: operatorBearerToken(kc), logger, env });
  }
  const lastAuthorization = () => server.requests.at(-1)?.headers.authorization;

  it('sends the kubeconfig user\'s token as Bearer, and logs it nowhere, even at trace', async () => {
    const logs = captureLogger('trace');
    const c = client(kubeConfigWith({ token: TOKEN }), logs.logger);
    try {
      expect(await c.query('up')).toEqual([{ metric: { __name__: 'up' }, value: [1700000000.5, '1'] }]);
      expect(lastAuthorization()).toBe(`Bearer ${TOKEN}`);
      expect(server.requests.at(-1)?.path).toBe('/api/v1/query?query=up');
      expect(logs.lines().some((l) => l.msg === 'monitoring request')).toBe(true);
      expect(logs.text()).not.toContain(TOKEN);
    } finally {
      await c.close();
    }
  });

  it('keeps the token out of the error and the logs when the server echoes it back', async () => {
    const logs = captureLogger('trace');
    const c = client(kubeConfigWith({ token: TOKEN }), logs.logger);
    try {
      const error = await c.get('/echo').then(() => undefined, (e: unknown) => e as MonitoringApiError);
      expect(error).toBeInstanceOf(MonitoringApiError);
      expect(error!.status).toBe(401);
      expect(lastAuthorization()).toBe(`Bearer ${TOKEN}`);
      expect(error!.body).toContain('unauthorized');
      expect(error!.body).toContain('[REDACTED]');
      expect(`${error!.message} ${error!.body}`).not.toContain(TOKEN);
      expect(logs.text()).not.toContain(TOKEN);
    } finally {
      await c.close();
    }
  });

  it('in a cluster, reads the projected service account token file and re-reads it when it is rotated', async () => {
    const tokenDir = await tempDir();
    const tokenFile = join(tokenDir, 'token');
    await writeFile(tokenFile, `${TOKEN}\n`);
    // The user client-node's loadFromCluster() builds.
    const c = client(kubeConfigWith({ authProvider: { name: 'tokenFile', config: { tokenFile } } }));
    try {
      await c.query('up');
      expect(lastAuthorization()).toBe(`Bearer ${TOKEN}`);
      // The kubelet swaps the file atomically.
      await writeFile(join(tokenDir, 'token.new'), ROTATED);
      await rename(join(tokenDir, 'token.new'), tokenFile);
      await c.query('up');
      expect(lastAuthorization()).toBe(`Bearer ${ROTATED}`);

      await rm(tokenFile);
      const before = server.requests.length;
      const error = await c.query('up').then(() => undefined, (e: unknown) => e as MonitoringApiError);
      expect(error?.status).toBe(0);
      expect(error?.message).toContain(`the service account token file ${tokenFile} cannot be read`);
      expect(error?.message).not.toContain(ROTATED);
      expect(server.requests.length).toBe(before);
    } finally {
      await c.close();
    }
  });

  it('sends no Authorization header when the operator has no token', async () => {
    const c = client(kubeConfigWith({ certData: 'Y2VydA==', keyData: 'a2V5' }));
    try {
      await c.query('up');
      expect(server.requests.at(-1)?.headers).not.toHaveProperty('authorization');
    } finally {
      await c.close();
    }
  });

  it('follows the environment\'s proxy rules: NO_PROXY with a CIDR goes direct, otherwise the proxy is used', async () => {
    const kc = kubeConfigWith({ token: TOKEN });
    // Nothing listens on port 1: a request that went to the proxy fails there.
    const proxy = 'http://127.0.0.1:1';
    const direct = client(kc, undefined, { HTTPS_PROXY: proxy, NO_PROXY: '.svc,127.0.0.0/8' });
    const proxied = client(kc, undefined, { HTTPS_PROXY: proxy, NO_PROXY: '.svc' });
    try {
      await direct.query('up');
      expect(lastAuthorization()).toBe(`Bearer ${TOKEN}`);
      const error = await proxied.query('up').then(() => undefined, (e: unknown) => e as MonitoringApiError);
      expect(error?.status).toBe(0);
      expect(error?.message).toContain('got no HTTP response (proxy');
    } finally {
      await direct.close();
      await proxied.close();
    }
  });

  it('builds the Alertmanager client the same way', async () => {
    const c = new MonitoringClient({ service: 'alertmanager', baseUrl: `${server.url}/prefix/`, caFile, token: operatorBearerToken(kubeConfigWith({ token: TOKEN })), logger: captureLogger().logger, env: {} });
    try {
      expect(c.endpoint).toBe(`${server.url}/prefix`);
      await c.get('/api/v2/alerts', { query: { active: 'true', filter: ['a="1"', 'b="2"'] } });
      expect(server.requests.at(-1)?.path).toBe('/prefix/api/v2/alerts?active=true&filter=a%3D%221%22&filter=b%3D%222%22');
      expect(lastAuthorization()).toBe(`Bearer ${TOKEN}`);
    } finally {
      await c.close();
    }
  });
});
