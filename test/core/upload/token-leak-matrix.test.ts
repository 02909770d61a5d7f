/**
 * Reliability property 12 for the upload path: with a canary token and logs at trace level, the cases
 * success, 401 echoing the Authorization header, TLS failure, proxy 407 and DNS failure leave no trace of
 * the token (raw, base64, URL-encoded) in the logs, the status source or the metrics.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startConnectProxy } from '../../sim/console/connect-proxy.ts';
import { uploadOnce } from './upload-once.ts';

const CANARY = `canary-${process.pid}-matrix-9c1e`;
const needles = [CANARY, Buffer.from(CANARY).toString('base64'), encodeURIComponent(CANARY)];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Case {
  /** What the console accepts as the token (a different one makes it answer 401, echoing the header). */
  consoleToken: string;
  trustCa: boolean;
  endpoint?: (consoleUrl: string) => string;
  proxy?: boolean;
}

async function runCase(c: Case): Promise<{ text: string; reason: string }> {
  const env: NodeJS.ProcessEnv = {};
  if (c.proxy === true) {
    const proxy = await startConnectProxy({ auth: { user: 'proxyuser', pass: 'proxypass' } });
    cleanups.push(() => proxy.close());
    env['HTTPS_PROXY'] = proxy.url;
  }
  const result = await uploadOnce({ token: CANARY, console: { token: c.consoleToken }, trustCa: c.trustCa, endpoint: c.endpoint, env, cleanups });
  return { text: result.text, reason: result.outcome };
}

describe('property 12: the token never leaks from the upload path', () => {
  const cases: Array<[string, Case, string]> = [
    ['success', { consoleToken: CANARY, trustCa: true }, 'accepted'],
    ['401 echoing the Authorization header', { consoleToken: 'another-token', trustCa: true }, 'NotAuthorized'],
    ['TLS failure (the console CA is not trusted)', { consoleToken: CANARY, trustCa: false }, 'UploadFailed'],
    ['proxy 407', { consoleToken: CANARY, trustCa: true, proxy: true }, 'UploadFailed'],
    ['DNS failure', { consoleToken: CANARY, trustCa: true, endpoint: () => 'https://no-such-host.invalid/api/ingress/v1/upload' }, 'UploadFailed'],
  ];
  for (const [name, c, outcome] of cases) {
    it(name, async () => {
      const result = await runCase(c);
      expect(result.reason).toBe(outcome);
      expect(needles.filter((n) => result.text.includes(n))).toEqual([]);
      expect(result.text).not.toContain('proxypass');
    });
  }
});
