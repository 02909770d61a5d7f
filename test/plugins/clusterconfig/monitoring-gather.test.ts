/**
 * The eight monitoring functions in a real gather (the `gather` command, as the gather identity with
 * exactly the declared permissions), against the sample cluster and a real Prometheus and Alertmanager
 * seeded with the sample's series and alerts: every one is `ok`, nothing is refused, and each sample
 * path they own is written.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import clusterconfig from '../../../plugins/clusterconfig/index.ts';
import { GATHER_USER, startGatherIdentitySim } from '../../helpers/gather-identity.ts';
import type { GatherIdentitySim } from '../../helpers/gather-identity.ts';
import { gathersJson, readArchive } from '../../helpers/read-archive.ts';
import type { ArchiveFile } from '../../helpers/read-archive.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { useMonitoringStack } from '../../helpers/monitoring-stack.ts';
import { requireMonitoring } from '../../sim/monitoring/require-monitoring.ts';
import { PERSISTENT_MONITORING_CONFIG, readSampleText, sampleAlerts, sampleRecordingRules } from './monitoring-fixtures.ts';

const monitoring = requireMonitoring();

const MONITORING_FUNCTIONS = [
  'active_alerts', 'aggregated_monitoring_cr_names', 'alertmanager_config', 'dvo_metrics',
  'metrics', 'monitoring_persistent_volumes', 'silenced_alerts', 'tsdb_status',
] as const;

/** The sample's files these functions write. */
const SAMPLE_PATHS = [
  'aggregated/custom_prometheuses_alertmanagers.json', 'config/alerts.json', 'config/dvo_metrics', 'config/metrics',
  'config/persistentvolumes/monitoring-persistent-volume.json', 'config/secrets/openshift-monitoring/alertmanager-main/data.json',
  'config/silenced_alerts.json', 'config/tsdb.json',
];

const { rules } = await sampleRecordingRules();

describe.skipIf(monitoring.skip)('the monitoring functions in a gather of the sample cluster, with Prometheus and Alertmanager', () => {
  const stack = useMonitoringStack({ recordingRules: rules });
  let env: GatherIdentitySim;
  let files: ArchiveFile[];
  let stderr = '';

  beforeAll(async () => {
    const dir = await tempDir();
    env = await startGatherIdentitySim({ fixture: 'sample', dir });
    // The cluster the sample's monitoring volume comes from keeps Prometheus' data on claims.
    const configMap = env.sim.store.get('v1', 'ConfigMap', 'cluster-monitoring-config', 'openshift-monitoring')!;
    env.sim.store.add({ ...configMap, data: { 'config.yaml': PERSISTENT_MONITORING_CONFIG } });

    const { postable } = await sampleAlerts();
    const silenced = JSON.parse(await readSampleText('config/silenced_alerts.json')) as Array<{ labels: Record<string, string> }>;
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    await stack.alertmanager.postAlerts([...postable, ...silenced.map((a) => ({ labels: a.labels, endsAt }))]);
    for (const a of silenced) await stack.alertmanager.createSilence({ matchers: [{ name: 'alertname', value: a.labels['alertname']! }] });
    await stack.alertmanager.waitForAlerts((alerts) => alerts.length === postable.length + silenced.length && alerts.every((a) => a.status.state !== 'unprocessed'));

    const config = await stack.writeConfig(dir);
    const others = Object.keys(clusterconfig.functions).filter((name) => !(MONITORING_FUNCTIONS as readonly string[]).includes(name));
    const output = join(dir, 'out');
    const run = await runCli([
      'gather', '--kubeconfig', env.kubeconfig, '--config', config, '--output', output, '--log-level', 'error',
      '--disable', 'workloads', '--disable', 'conditional', ...others.flatMap((name) => ['--disable', `clusterconfig/${name}`]),
    ], { timeoutMs: 120_000 });
    stderr = run.stderr;
    expect(run.code, run.stderr).toBe(0);
    const [archive] = (await readdir(output)).filter((n) => n.endsWith('.tar.gz'));
    files = await readArchive(join(output, archive!));
  }, 180_000);
  afterAll(() => env?.sim.close());

  it('runs every monitoring function ok, as the gather identity, with nothing refused', () => {
    const reports = gathersJson(files).status_reports.filter((r) => r.name.startsWith('clusterconfig/') && r.status !== 'disabled');
    expect(reports.map((r) => [r.name, r.status, r.errors ?? []]).sort()).toEqual(MONITORING_FUNCTIONS.map((name) => [`clusterconfig/${name}`, 'ok', []]));
    expect(env.sim.audit.filter((r) => r.user === GATHER_USER && !r.allowed).map((r) => r.reason)).toEqual([]);
    expect(stderr).not.toContain(env.sim.token);
  });

  it("writes each sample path these functions own, in the sample's shape", async () => {
    const names = new Set(files.map((f) => f.name));
    expect(SAMPLE_PATHS.filter((p) => !names.has(p))).toEqual([]);
    const text = (name: string): string => files.find((f) => f.name === name)!.data.toString('utf8');
    // `active=true` alone, as the original asks, also lists the silenced alerts (Alertmanager's defaults).
    const states = (JSON.parse(text('config/alerts.json')) as Array<{ status: { state: string } }>).map((a) => a.status.state);
    expect(states.filter((s) => s === 'active')).toHaveLength((await sampleAlerts()).sample.length);
    expect(states.filter((s) => s === 'suppressed')).toHaveLength(2);
    expect(JSON.parse(text('config/silenced_alerts.json')).map((a: { status: { state: string } }) => a.status.state)).toEqual(['suppressed', 'suppressed']);
    expect(text('config/metrics')).toMatch(/^# TYPE cluster_installer untyped$/m);
    expect(JSON.parse(text('config/tsdb.json'))).toMatchObject({ status: 'success', data: { headStats: { numSeries: expect.any(Number) } } });
    expect(text('config/dvo_metrics')).toBe(`${await readSampleText('config/dvo_metrics')}\n`);
  });
});
