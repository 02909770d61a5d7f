import { describe, expect, it } from 'vitest';
import { Agent, request } from 'undici';
import { startConsoleSim } from './index.ts';
import type { ConsoleSimOptions } from './index.ts';
import { trustingAgent } from './fixtures.ts';

const TOKEN = 'tok-tls';
const RULES = '/api/gathering/v2/4.16.0/gathering_rules';

/** GETs the rules through `agent`; resolves to the status, or the error code when no HTTP answer came. */
async function tryGet(url: string, agent: Agent): Promise<number | string> {
  try {
    const res = await request(`${url}${RULES}`, { headers: { authorization: `Bearer ${TOKEN}` }, dispatcher: agent });
    await res.body.dump();
    return res.statusCode;
  } catch (error) {
    const e = error as { code?: string; cause?: { code?: string } };
    return e.code ?? e.cause?.code ?? String(error);
  } finally {
    await agent.close();
  }
}

async function withSim(options: Partial<ConsoleSimOptions>, body: (url: string, caPem: string) => Promise<void>): Promise<void> {
  const sim = await startConsoleSim({ token: TOKEN, ...options });
  try {
    await body(sim.url, sim.caPem);
  } finally {
    await sim.close();
  }
}

describe('console simulator: TLS', () => {
  it('is verified against its own CA only', async () => {
    await withSim({}, async (url, caPem) => {
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(await tryGet(url, trustingAgent(caPem))).toBe(200);
      expect(await tryGet(url, new Agent())).toMatch(/SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/);
      expect(await tryGet(url.replace('127.0.0.1', 'localhost'), trustingAgent(caPem))).toBe(200);
    });
  });

  it('gives a hostname mismatch when listening on an address its certificate does not name', async () => {
    await withSim({ host: '127.0.0.2', hosts: [] }, async (url, caPem) => {
      expect(url).toMatch(/^https:\/\/127\.0\.0\.2:\d+$/);
      expect(await tryGet(url, trustingAgent(caPem))).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    });
    await withSim({ host: '127.0.0.2' }, async (url, caPem) => {
      expect(await tryGet(url, trustingAgent(caPem))).toBe(200);
    });
  });

  it('can be limited to TLS 1.1, which a default client refuses but a legacy client still reaches', async () => {
    await withSim({ maxTlsVersion: 'TLSv1.1' }, async (url, caPem) => {
      expect(await tryGet(url, trustingAgent(caPem))).toMatch(/EPROTO|ERR_SSL/);
      const legacy = trustingAgent(caPem, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
      expect(await tryGet(url, legacy)).toBe(200);
    });
  });

  it('can require TLS 1.3', async () => {
    await withSim({ minTlsVersion: 'TLSv1.3' }, async (url, caPem) => {
      expect(await tryGet(url, trustingAgent(caPem, { maxVersion: 'TLSv1.2' }))).toMatch(/EPROTO|ERR_SSL/);
      expect(await tryGet(url, trustingAgent(caPem))).toBe(200);
    });
  });
});
