/** One upload cycle of the real uploader and InsightsClient against the console simulator, for property tests. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OperatorConfig } from '../../../core/config/merge-config.ts';
import { Token } from '../../../core/config/token.ts';
import { InsightsClient } from '../../../core/insights/insights-client.ts';
import { createOperatorMetrics } from '../../../core/metrics/operator-metrics.ts';
import { StatusSources } from '../../../core/status/status-sources.ts';
import type { SourceSummary } from '../../../core/status/status-sources.ts';
import { Uploader } from '../../../core/upload/uploader.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { startConsoleSim } from '../../sim/console/index.ts';
import type { ConsoleSim, ConsoleSimOptions } from '../../sim/console/index.ts';
import { captureLogger, memoryLastReported, putArchive, testConfig, until } from './upload-fixtures.ts';

/** How to set up the cycle. */
export interface UploadOnceOptions {
  token: string;
  console: ConsoleSimOptions;
  /** Write the console's CA into the client's bundle file (default true). */
  trustCa?: boolean;
  endpoint?: (consoleUrl: string) => string;
  env?: NodeJS.ProcessEnv;
  proxy?: OperatorConfig['proxy'];
  /** Called once everything is set up, before the cycle (for example to swap the CA bundle). */
  before?: (rig: { sim: ConsoleSim; caFile: string }) => Promise<void>;
  cleanups: Array<() => Promise<void>>;
}

/** What the cycle left behind. */
export interface UploadOnceResult {
  sim: ConsoleSim;
  /** `accepted` when the console stored the archive, else the `Uploading` source's reason. */
  outcome: string;
  summary: SourceSummary | undefined;
  /** Trace-level logs, the status summary and the metrics, as text (where a secret could leak). */
  text: string;
  caFile: string;
  again: () => Promise<UploadOnceResult>;
}

export async function uploadOnce(o: UploadOnceOptions): Promise<UploadOnceResult> {
  const sim = await startConsoleSim(o.console);
  o.cleanups.push(() => sim.close());
  const caFile = join(await tempDir('upload-once-ca-'), 'ca.pem');
  if (o.trustCa ?? true) await writeFile(caFile, sim.caPem);
  const dir = await tempDir('upload-once-');
  const base = testConfig(dir, { uploadEndpoint: o.endpoint?.(sim.url) ?? `${sim.url}/api/ingress/v1/upload`, token: new Token(o.token) });
  const config: OperatorConfig = o.proxy === undefined ? base : { ...base, proxy: o.proxy };
  const log = captureLogger('debug');
  log.logger.level = 'trace';
  const client = new InsightsClient({
    token: () => config.token, config: () => config, caBundleFile: caFile, env: o.env ?? {}, logger: log.logger,
    clusterId: async () => 'c0ffee00-0000-4000-8000-000000000001',
  });
  o.cleanups.push(() => client.close());
  await o.before?.({ sim, caFile });
  const cycle = async (): Promise<UploadOnceResult> => {
    const sources = new StatusSources();
    const metrics = createOperatorMetrics({ processMetrics: false });
    const accepted = sim.uploads.length;
    await putArchive(dir, new Date(Date.now() - 1000));
    const uploader = new Uploader({
      http: client, config: () => config, sources, metrics, logger: log.logger, lastReported: memoryLastReported(),
      firstDelayMs: 0, retry: { initialMs: 20, factor: 2, maxMs: 50, maxElapsedMs: 200 },
    });
    o.cleanups.push(() => uploader.stop());
    uploader.start();
    await until(() => sim.uploads.length > accepted || (sources.get('Uploading')?.reason ?? '') !== '', 10_000, 'an upload outcome');
    await uploader.stop();
    const summary = sources.get('Uploading');
    const text = [log.lines().map((l) => JSON.stringify(l)).join('\n'), JSON.stringify(summary), await metrics.registry.metrics()].join('\n');
    return { sim, outcome: sim.uploads.length > accepted ? 'accepted' : summary?.reason ?? '', summary, text, caFile, again: cycle };
  };
  return cycle();
}
