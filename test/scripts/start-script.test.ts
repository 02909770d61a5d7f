import { requireMonitoring } from '../sim/monitoring/require-monitoring.ts';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startOperatorProcess } from '../helpers/operator-process.ts';
import type { OperatorProcess } from '../helpers/operator-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const SCRIPT = new URL('../../scripts/start.ts', import.meta.url).pathname;
let demo: OperatorProcess | undefined;
afterEach(async () => {
  await demo?.stop('SIGKILL').catch(() => undefined);
});

// The demo runs Debian's Prometheus and Alertmanager when installed; this test wants them (.ci/run installs them).
const monitoring = requireMonitoring();

describe.skipIf(monitoring.skip)('npm start without $KUBECONFIG: the embedded demo', () => {
  it('runs the operator against the simulated cluster: a gather completes, /metrics serves, SIGTERM stops it', async () => {
    const cwd = await tempDir('io-demo-');
    const env = { ...process.env };
    delete env['KUBECONFIG'];
    demo = startOperatorProcess([], { script: SCRIPT, cwd, env });
    const finished = await demo.waitForLog((l) => l.msg === 'gather finished', 90_000);
    // Every built-in function ok: clusterconfig's 72 (the demo's Prometheus and Alertmanager serve the
    // monitoring ones), workloads' 2 (its first gather is always due), and conditional's planner, its 3
    // functions and the 2 calls of the console's rule, whose alert the demo's Prometheus fires.
    expect(finished['functions']).toEqual({ ok: 72 + 2 + 4 + 2 });
    expect(demo.text()).toContain('SamplesImagestreamImportFailing firing');
    expect((finished['archive'] as string).startsWith(join(cwd, 'insights-archives'))).toBe(true);

    // The banner says where to look; what it says must be true.
    const metricsUrl = /metrics:\s+(http:\/\/\S+\/metrics)/.exec(demo.text())?.[1];
    expect(metricsUrl, demo.text()).toBeDefined();
    const metrics = await (await request(metricsUrl!)).body.text();
    for (const name of ['insightsclient_request_send_total', 'insightsclient_request_recvreport_total', 'health_statuses_insights',
      'insights_recommendation_active', 'insights_gather_function_status', 'insights_gather_function_duration_seconds']) {
      expect(metrics, name).toContain(`# TYPE ${name} `);
    }
    expect(demo.text()).toContain('nothing leaves this machine');
    // The archive went to the simulated ingress, and the report came back.
    await demo.waitForLog((l) => l.msg === 'Uploaded report successfully', 60_000);
    await expect.poll(async () => /health_statuses_insights\{metric="total"\} 4/.test(await (await request(metricsUrl!)).body.text()), { timeout: 60_000 }).toBe(true);

    const stop = await demo.stop('SIGTERM');
    expect(stop.code).toBe(0);
    expect((await readdir(join(cwd, 'insights-archives'))).filter((f) => f.endsWith('.tar.gz'))).toHaveLength(1);
    expect(demo.text()).toMatch(/the simulated console accepted 1 upload\(s\)/);
  });
});
