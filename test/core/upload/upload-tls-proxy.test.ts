/**
 * Reliability properties 16 (TLS) and 17 (proxy) for uploads: the real uploader and InsightsClient
 * against the console simulator's ingress.
 */
import { rename, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startConnectProxy } from '../../sim/console/connect-proxy.ts';
import { uploadOnce } from './upload-once.ts';

const TOKEN = 'tls-proxy-test-token';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const noProxy = { httpProxy: '', httpsProxy: '', noProxy: '' };

describe('property 16: TLS of the upload', () => {
  it('without the CA bundle the upload fails as a network error (not NotAuthorized) and nothing reaches the ingress', async () => {
    const result = await uploadOnce({ token: TOKEN, console: { token: TOKEN }, trustCa: false, cleanups });
    expect(result.outcome).toBe('UploadFailed');
    expect(result.summary?.message).toMatch(/certificate/i);
    expect(result.sim.requests).toHaveLength(0);
  });

  it('with the CA bundle mounted it succeeds; a replaced bundle is picked up by the next attempt without a restart', async () => {
    const first = await uploadOnce({ token: TOKEN, console: { token: TOKEN }, cleanups });
    expect(first.outcome).toBe('accepted');
    // Swap the bundle for an unrelated CA (as a configmap update does: a new file renamed over the old one).
    await writeFile(`${first.caFile}.new`, '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2V9\n-----END CERTIFICATE-----\n');
    await rename(`${first.caFile}.new`, first.caFile);
    const second = await first.again();
    expect(second.outcome).toBe('UploadFailed');
    await writeFile(`${first.caFile}.new`, first.sim.caPem);
    await rename(`${first.caFile}.new`, first.caFile);
    expect((await first.again()).outcome).toBe('accepted');
  });

  it('a certificate valid for another name fails', async () => {
    const result = await uploadOnce({ token: TOKEN, console: { token: TOKEN, host: '127.0.0.2', hosts: [] }, cleanups });
    expect(result.outcome).toBe('UploadFailed');
    expect(result.summary?.message).toMatch(/altname|host ?name|certificate/i);
    expect(result.sim.uploads).toHaveLength(0);
  });

  it('an ingress limited to TLS 1.0/1.1 fails', async () => {
    const result = await uploadOnce({ token: TOKEN, console: { token: TOKEN, maxTlsVersion: 'TLSv1.1' }, cleanups });
    expect(result.outcome).toBe('UploadFailed');
    expect(result.sim.uploads).toHaveLength(0);
  });
});

describe('property 17: uploads through a proxy', () => {
  it('HTTPS_PROXY: the proxy sees CONNECT 127.0.0.1:<port> and the upload succeeds through it', async () => {
    const proxy = await startConnectProxy();
    cleanups.push(() => proxy.close());
    const result = await uploadOnce({ token: TOKEN, console: { token: TOKEN }, env: { HTTPS_PROXY: proxy.url }, cleanups });
    expect(result.outcome).toBe('accepted');
    expect(proxy.connects.map((c) => c.target)).toEqual([new URL(result.sim.url).host]);
  });

  it('NO_PROXY naming the host, or a CIDR holding it, means direct', async () => {
    for (const entry of ['127.0.0.1', '127.0.0.0/8']) {
      const proxy = await startConnectProxy();
      cleanups.push(() => proxy.close());
      const result = await uploadOnce({ token: TOKEN, console: { token: TOKEN }, env: { HTTPS_PROXY: proxy.url, NO_PROXY: entry }, cleanups });
      expect(result.outcome, entry).toBe('accepted');
      expect(proxy.connects, entry).toEqual([]);
    }
  });

  it('the proxy of the configuration wins over the environment', async () => {
    const configured = await startConnectProxy();
    const fromEnv = await startConnectProxy();
    cleanups.push(() => configured.close(), () => fromEnv.close());
    const result = await uploadOnce({
      token: TOKEN, console: { token: TOKEN }, env: { HTTPS_PROXY: fromEnv.url }, proxy: { ...noProxy, httpsProxy: configured.url }, cleanups,
    });
    expect(result.outcome).toBe('accepted');
    expect(configured.connects).toHaveLength(1);
    expect(fromEnv.connects).toHaveLength(0);
  });

  it('a proxy answering 407 fails the upload without a retry storm, and its credentials are never logged', async () => {
    const proxy = await startConnectProxy({ auth: { user: 'puser', pass: 'ppass-secret' } });
    cleanups.push(() => proxy.close());
    const withWrongCreds = proxy.url.replace('http://', 'http://puser:wrong-pass@');
    const result = await uploadOnce({ token: TOKEN, console: { token: TOKEN }, env: { HTTPS_PROXY: withWrongCreds }, cleanups });
    expect(result.outcome).toBe('UploadFailed');
    // Refused credentials are refused again: one CONNECT in the cycle, as one request for a 4xx.
    expect(proxy.connects.map((c) => c.authorized)).toEqual([false]);
    expect(result.text).not.toContain('wrong-pass');
    expect(result.sim.requests).toHaveLength(0);
  });
});
