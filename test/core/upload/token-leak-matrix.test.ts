/**
 * Reliability property 12 for the upload path: with a canary token and logs at trace level, the cases
 * success, 401 echoing the Authorization header, TLS failure, proxy 407 and DNS failure leave no trace of
 * the token (raw, base64, URL-encoded) in the logs, the status source or the metrics.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OperatorConfig } from '../../../core/config/merge-config.ts';
import { Token } from '../../../core/config/token.ts';
import { InsightsClient } from '../../../core/insights/insights-client.ts';
import { createOperatorMetrics } from '../../../core/metrics/operator-metrics.ts';
import { StatusSources } from '../../../core/status/status-sources.ts';
import { Uploader } from '../../../core/upload/uploader.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { startConnectProxy } from '../../sim/console/connect-proxy.ts';
import { startConsoleSim } from '../../sim/console/index.ts';
import { captureLogger, memoryLastReported, putArchive, testConfig, until } from './upload-fixtures.ts';

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

/** One upload cycle of the real uploader and client; returns everything the token could leak into. */
async function runCase(c: Case): Promise<{ text: string; reason: string; requests: number }> {
  const sim = await startConsoleSim({ token: c.consoleToken });
  cleanups.push(() => sim.close());
  const dir = await tempDir('leak-');
  const caFile = join(await tempDir('leak-ca-'), 'ca.pem');
  if (c.trustCa) await writeFile(caFile, sim.caPem);
  const env: NodeJS.ProcessEnv = {};
  if (c.proxy === true) {
    const proxy = await startConnectProxy({ auth: { user: 'proxyuser', pass: 'proxypass' } });
    cleanups.push(() => proxy.close());
    env['HTTPS_PROXY'] = proxy.url;
  }
  const endpoint = c.endpoint?.(sim.url) ?? `${sim.url}/api/ingress/v1/upload`;
  const config: OperatorConfig = testConfig(dir, { uploadEndpoint: endpoint, token: new Token(CANARY) });
  const log = captureLogger('debug');
  log.logger.level = 'trace';
  const client = new InsightsClient({ token: () => config.token, config: () => config, caBundleFile: caFile, env, logger: log.logger, clusterId: async () => 'c0ffee00-0000-4000-8000-000000000001' });
  cleanups.push(() => client.close());
  const sources = new StatusSources();
  const metrics = createOperatorMetrics({ processMetrics: false });
  await putArchive(dir, new Date(Date.now() - 60_000));
  const uploader = new Uploader({
    http: client, config: () => config, sources, metrics, logger: log.logger, lastReported: memoryLastReported(),
    firstDelayMs: 0, retry: { initialMs: 20, factor: 2, maxMs: 50, maxElapsedMs: 200 },
  });
  cleanups.push(() => uploader.stop());
  uploader.start();
  await until(() => sources.get('Uploading')?.reason !== undefined && sources.get('Uploading')!.count > 0 && sources.get('Uploading')!.reason !== '' || sim.uploads.length > 0, 10_000, 'an upload outcome');
  await uploader.stop();
  const summary = sources.get('Uploading')!;
  const text = [log.lines().map((l) => JSON.stringify(l)).join('\n'), JSON.stringify(summary), await metrics.registry.metrics()].join('\n');
  return { text, reason: sim.uploads.length > 0 ? 'accepted' : summary.reason, requests: sim.requests.length };
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
