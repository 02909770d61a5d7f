import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHealthAndMetricsServers, type HealthAndMetricsServers } from '../../../core/metrics/health-and-metrics-servers.ts';
import { createOperatorMetrics } from '../../../core/metrics/operator-metrics.ts';
import { generateCerts, type SimCerts } from '../../sim/kube/certs.ts';

const HOST = '127.0.0.1';
let open: HealthAndMetricsServers[] = [];
let agents: Agent[] = [];

afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  await Promise.all(agents.map((a) => a.close()));
  open = [];
  agents = [];
});

async function start(options: Partial<Parameters<typeof startHealthAndMetricsServers>[0]> = {}): Promise<HealthAndMetricsServers> {
  const metrics = createOperatorMetrics({ processMetrics: false });
  const servers = await startHealthAndMetricsServers({
    metricsPort: 0, healthPort: 0, host: HOST, registry: metrics.registry, ready: () => true, ...options,
  });
  open.push(servers);
  return servers;
}

async function get(url: string, dispatcher?: Agent): Promise<{ status: number; body: string; type: string | undefined }> {
  const res = await request(url, dispatcher === undefined ? {} : { dispatcher });
  const type = res.headers['content-type'];
  return { status: res.statusCode, body: await res.body.text(), type: typeof type === 'string' ? type : undefined };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

describe('startHealthAndMetricsServers over HTTP', () => {
  it('serves /metrics on its own port and health on another', async () => {
    const s = await start();
    expect(s.metricsPort).not.toBe(s.healthPort);
    expect(s.metricsProtocol).toBe('http');
    const metrics = await get(`http://${HOST}:${s.metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain('text/plain');
    expect(metrics.body).toContain('health_statuses_insights{metric="total"} -1');
    expect((await get(`http://${HOST}:${s.metricsPort}/healthz`)).status).toBe(404);
    expect((await get(`http://${HOST}:${s.healthPort}/metrics`)).status).toBe(404);
    expect(await get(`http://${HOST}:${s.healthPort}/healthz`)).toMatchObject({ status: 200, body: 'ok\n' });
    const post = await request(`http://${HOST}:${s.healthPort}/healthz`, { method: 'POST' });
    await post.body.dump();
    expect(post.statusCode).toBe(405);
  });

  it('/readyz follows ready(), and a throwing ready() means not ready', async () => {
    let ready = false;
    let broken = false;
    const s = await start({ ready: () => { if (broken) throw new Error('boom'); return ready; } });
    const url = `http://${HOST}:${s.healthPort}/readyz`;
    expect((await get(url)).status).toBe(503);
    ready = true;
    expect(await get(url)).toMatchObject({ status: 200, body: 'ok\n' });
    ready = false;
    expect((await get(url)).status).toBe(503);
    broken = true;
    expect((await get(url)).status).toBe(503);
    expect((await get(`http://${HOST}:${s.healthPort}/healthz`)).status).toBe(200);
  });

  it('close() is idempotent and releases both ports', async () => {
    const s = await start();
    const { metricsPort, healthPort } = s;
    // A kept-alive connection must not hold the server open.
    const agent = new Agent({ keepAliveTimeout: 60_000 });
    agents.push(agent);
    expect((await get(`http://${HOST}:${healthPort}/healthz`, agent)).status).toBe(200);
    const first = s.close();
    expect(s.close()).toBe(first);
    await first;
    await s.close();
    expect(await portIsFree(metricsPort)).toBe(true);
    expect(await portIsFree(healthPort)).toBe(true);
    await expect(get(`http://${HOST}:${healthPort}/healthz`)).rejects.toThrow();
  });

  it('rejects naming the port when it is taken, leaving nothing listening', async () => {
    const first = await start();
    const metricsPortFree = await portIsFree(first.metricsPort);
    expect(metricsPortFree).toBe(false);
    await expect(start({ healthPort: first.healthPort })).rejects.toThrow(`health server cannot listen on ${HOST}:${first.healthPort}`);
  });
});

describe('startHealthAndMetricsServers over HTTPS', () => {
  let certs: SimCerts;
  let dir: string;
  beforeAll(async () => {
    certs = await generateCerts();
    dir = await mkdtemp(join(tmpdir(), 'metrics-tls-'));
    await writeFile(join(dir, 'tls.crt'), certs.certPem);
    await writeFile(join(dir, 'tls.key'), certs.keyPem);
    return () => rm(dir, { recursive: true, force: true });
  });

  it('serves /metrics over HTTPS verified against the CA, health stays plain HTTP', async () => {
    const s = await start({ tls: { certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') } });
    expect(s.metricsProtocol).toBe('https');
    const agent = new Agent({ connect: { ca: certs.caPem } });
    agents.push(agent);
    const metrics = await get(`https://${HOST}:${s.metricsPort}/metrics`, agent);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('# TYPE insightsclient_request_send_total counter');
    // Without the CA the certificate is not trusted: verification is on.
    await expect(get(`https://${HOST}:${s.metricsPort}/metrics`)).rejects.toThrow();
    expect((await get(`http://${HOST}:${s.healthPort}/healthz`)).status).toBe(200);
  });

  it('reloadTls() serves a rotated certificate to new connections', async () => {
    const rotDir = await mkdtemp(join(tmpdir(), 'metrics-tls-rot-'));
    try {
      const files = { certFile: join(rotDir, 'tls.crt'), keyFile: join(rotDir, 'tls.key') };
      await writeFile(files.certFile, certs.certPem);
      await writeFile(files.keyFile, certs.keyPem);
      const s = await start({ tls: files });
      const rotated = await generateCerts();
      await writeFile(files.certFile, rotated.certPem);
      await writeFile(files.keyFile, rotated.keyPem);
      await s.reloadTls();
      const newCa = new Agent({ connect: { ca: rotated.caPem } });
      const oldCa = new Agent({ connect: { ca: certs.caPem } });
      agents.push(newCa, oldCa);
      expect((await get(`https://${HOST}:${s.metricsPort}/metrics`, newCa)).status).toBe(200);
      await expect(get(`https://${HOST}:${s.metricsPort}/metrics`, oldCa)).rejects.toThrow();
    } finally {
      await rm(rotDir, { recursive: true, force: true });
    }
  });

  it('rejects naming the file when a TLS file is missing', async () => {
    const missing = join(dir, 'nope.key');
    await expect(start({ tls: { certFile: join(dir, 'tls.crt'), keyFile: missing } })).rejects.toThrow(`metrics server TLS keyFile ${missing} cannot be used`);
  });
});
