// Reliability property 16: TLS is always verified (chain, host name, TLS >= 1.2) against the system
// roots plus the trusted CA bundle file, which is re-read when it changes.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InsightsClient } from '../../../core/insights/insights-client.ts';
import { InsightsTransportError } from '../../../core/insights/transport-error.ts';
import { generateCerts } from '../../sim/kube/certs.ts';
import { makeClient, tempDir } from './client-fixture.ts';
import { startTestServer } from './https-test-server.ts';
import type { TestServer } from './https-test-server.ts';
import { captureLogger } from '../../helpers/capture-logger.ts';

const dir = tempDir();
let server: TestServer;
let otherCa: string;
const clients: InsightsClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  otherCa = (await generateCerts()).caPem;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
  dir.remove();
});

function client(caBundleFile: string): InsightsClient {
  const c = makeClient({ logger: captureLogger().logger, caBundleFile });
  clients.push(c);
  return c;
}

async function failure(c: InsightsClient, url: string): Promise<InsightsTransportError> {
  const error = await c.request({ method: 'POST', url, auth: 'bearer', body: 'archive' }).then(
    (res) => new Error(`expected a failure, got HTTP ${res.statusCode}`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InsightsTransportError);
  return error as InsightsTransportError;
}

describe('InsightsClient TLS (property 16)', () => {
  it('without the CA bundle: a tls transport error (not auth), and nothing reaches the server', async () => {
    const c = client(join(dir.dir, 'absent.crt'));
    const error = await failure(c, `${server.url}/upload`);
    expect(error.kind).toBe('tls');
    expect(error.code).toBe('IO_INSIGHTS_TRANSPORT');
    expect(error.message).toMatch(/certificate/i);
    // Never downgraded to an unverified connection: the server saw no request at all.
    expect(server.requests).toHaveLength(0);
  });

  it('with the CA bundle file: success', async () => {
    const c = client(dir.file('good.crt', server.certs.caPem));
    const res = await c.request({ method: 'GET', url: `${server.url}/ok`, auth: 'bearer' });
    expect(res.statusCode).toBe(200);
  });

  it('a valid certificate for another host name fails with kind tls', async () => {
    // The certificate names 127.0.0.1, ::1 and localhost; the server is reached as 127.0.0.2.
    const other = await startTestServer({ host: '127.0.0.2', certs: server.certs });
    try {
      const c = client(dir.file('mismatch.crt', server.certs.caPem));
      const ok = await c.request({ method: 'GET', url: `https://127.0.0.1:${server.port}/`, auth: 'bearer' });
      expect(ok.statusCode).toBe(200); // the same CA is trusted...
      const error = await failure(c, `${other.url}/upload`); // ...but the name does not match
      expect(error.kind).toBe('tls');
      expect(error.causeCode).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('a server limited to TLS 1.1 fails', async () => {
    const old = await startTestServer({ certs: server.certs, tls: { maxVersion: 'TLSv1.1', minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' } });
    try {
      const c = client(dir.file('old.crt', server.certs.caPem));
      const error = await failure(c, `${old.url}/upload`);
      expect(error.kind).toBe('tls');
      expect(error.causeCode).toMatch(/PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL/);
      expect(old.requests).toHaveLength(0);
    } finally {
      await old.close();
    }
  });

  it('replacing the bundle file is picked up on the next request, without a new client', async () => {
    const path = dir.file('rotating.crt', otherCa);
    const c = client(path);
    expect((await failure(c, `${server.url}/upload`)).kind).toBe('tls');
    // Replaced atomically, as a configmap mount swaps its files.
    writeFileSync(`${path}.new`, server.certs.caPem);
    renameSync(`${path}.new`, path);
    expect((await c.request({ method: 'GET', url: `${server.url}/ok`, auth: 'bearer' })).statusCode).toBe(200);
    // And back: the old connection is not reused with the old trust.
    writeFileSync(`${path}.new`, otherCa);
    renameSync(`${path}.new`, path);
    expect((await failure(c, `${server.url}/upload`)).kind).toBe('tls');
    // Overwritten in place (a different size): picked up as well.
    writeFileSync(path, `${otherCa}${server.certs.caPem}`);
    expect((await c.request({ method: 'GET', url: `${server.url}/ok`, auth: 'bearer' })).statusCode).toBe(200);
  });

  it('skips a certificate in the bundle that does not parse and keeps the others', async () => {
    const broken = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n';
    const c = client(dir.file('mixed.crt', `${broken}${server.certs.caPem}`));
    expect((await c.request({ method: 'GET', url: `${server.url}/ok`, auth: 'bearer' })).statusCode).toBe(200);
  });
});
