import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createOperatorMetrics } from '../../../core/metrics/operator-metrics.ts';
import { MetricsServerService } from '../../../core/operator/metrics-server-service.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { generateCerts } from '../../sim/kube/certs.ts';

const services: MetricsServerService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.stop()));
});

async function status(url: string, ca?: string): Promise<number> {
  const dispatcher = new Agent({ connect: ca === undefined ? {} : { ca } });
  try {
    return (await request(url, { dispatcher })).statusCode;
  } finally {
    await dispatcher.close();
  }
}

describe('MetricsServerService', () => {
  it('serves /metrics, and /readyz only once ready', async () => {
    let ready = false;
    const service = new MetricsServerService({ host: '127.0.0.1', metricsPort: 0, healthPort: 0 }, createOperatorMetrics({ processMetrics: false }).registry, () => ready, pino({ level: 'silent' }));
    services.push(service);
    await service.start();
    const { metricsPort, healthPort } = service.servers!;
    expect(await status(`http://127.0.0.1:${metricsPort}/metrics`)).toBe(200);
    expect(await status(`http://127.0.0.1:${healthPort}/readyz`)).toBe(503);
    ready = true;
    expect(await status(`http://127.0.0.1:${healthPort}/readyz`)).toBe(200);
  });

  it('picks up a rotated serving certificate without a restart', async () => {
    const dir = await tempDir();
    const first = await generateCerts(['127.0.0.1']);
    const files = { certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') };
    await writeFile(files.certFile, first.certPem);
    await writeFile(files.keyFile, first.keyPem);
    const service = new MetricsServerService({ host: '127.0.0.1', metricsPort: 0, healthPort: 0, tls: files, tlsPollMs: 50 },
      createOperatorMetrics({ processMetrics: false }).registry, () => true, pino({ level: 'silent' }));
    services.push(service);
    await service.start();
    const url = `https://127.0.0.1:${service.servers!.metricsPort}/metrics`;
    expect(await status(url, first.caPem)).toBe(200);

    const second = await generateCerts(['127.0.0.1']);
    // As a secret volume does: the key first, then the certificate, each replaced whole.
    await writeFile(`${files.keyFile}.new`, second.keyPem);
    await rename(`${files.keyFile}.new`, files.keyFile);
    await writeFile(`${files.certFile}.new`, second.certPem);
    await rename(`${files.certFile}.new`, files.certFile);
    await expect.poll(() => status(url, second.caPem).catch(() => 0), { timeout: 5000 }).toBe(200);
    await expect(status(url, first.caPem)).rejects.toThrow();
  });
});
