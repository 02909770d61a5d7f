import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readArchive } from '../../helpers/read-archive.ts';
import { startOperatorProcess } from '../../helpers/operator-process.ts';
import type { OperatorProcess } from '../../helpers/operator-process.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { useKubeSim } from '../../sim/kube/harness.ts';

const kube = await useKubeSim({ fixture: 'sample' });

function pullSecret(token: string) {
  const dockerconfig = JSON.stringify({ auths: { 'cloud.openshift.com': { auth: token } } });
  return {
    apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/dockerconfigjson',
    metadata: { name: 'pull-secret', namespace: 'openshift-config' },
    data: { '.dockerconfigjson': Buffer.from(dockerconfig).toString('base64') },
  };
}

/** Writes a configuration file and starts `insights-operator start` against the simulator. */
async function startOperator(interval: string, extra: string[] = []): Promise<{ operator: OperatorProcess; storage: string }> {
  const dir = await tempDir('io-start-');
  const storage = join(dir, 'archives');
  const config = join(dir, 'pod.yaml');
  await writeFile(config, [
    `interval: ${interval}`,
    `storagePath: ${storage}`,
    // The sample's support secret points the rules endpoint at http://localhost:8080 (refused here): retry fast.
    'operatorTimings: {initialDelay: 0s, configResync: 1m, statusMinWrite: 1s, statusResync: 5s, rulesRetry: 100ms}',
    ...extra,
    '',
  ].join('\n'));
  const operator = startOperatorProcess([
    'start', '--config', config, '--kubeconfig', kube.kubeconfigPath, '--listen', '127.0.0.1',
    '--metrics-port', '0', '--health-port', '0', '--log-format', 'json',
  ]);
  running.push(operator);
  return { operator, storage };
}

const running: OperatorProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL').catch(() => undefined)));
});

const isArchiveWritten = (l: { msg: string }) => l.msg === 'archive written';
const TOKEN = 'start-test-token-5f0c1d';

describe('insights-operator start', () => {
  beforeAll(() => {
    kube.sim.store.add(pullSecret(TOKEN));
  });

  it('gathers into the storage path, serves metrics and health, writes the ClusterOperator status, and stops on SIGTERM', async () => {
    const { operator, storage } = await startOperator('10m');
    const started = await operator.waitForLog((l) => l.msg === 'operator started');
    const written = await operator.waitForLog(isArchiveWritten);
    const archive = written['archive'] as string;
    expect(archive.startsWith(storage)).toBe(true);
    const files = await readArchive(archive);
    expect(files.map((f) => f.name)).toContain('insights-operator/gathers.json');
    expect(files.map((f) => f.name)).toContain('config/version.json');

    const metricsUrl = started['metrics'] as string;
    const metrics = await (await request(metricsUrl)).body.text();
    for (const name of ['insightsclient_request_send_total', 'insightsclient_request_recvreport_total', 'health_statuses_insights',
      'insights_recommendation_active', 'insights_gather_function_status', 'insights_gather_archive_bytes', 'insights_plugins',
      'insights_storage_writes_blocked', 'process_resident_memory_bytes']) {
      expect(metrics, name).toContain(`# TYPE ${name} `);
    }
    expect(metrics).toContain('insights_gather_function_status{plugin="clusterconfig",function="version",status="ok"} 1');
    // The built-in plugins: clusterconfig, workloads and conditional.
    expect(metrics).toContain('insights_plugins{state="loaded"} 3');
    const health = (started['health'] as string);
    expect((await request(health)).statusCode).toBe(200);
    expect((await request(health.replace('/healthz', '/readyz'))).statusCode).toBe(200);

    // The status controller writes soon after start and after the gather.
    await expect.poll(() => {
      const co = kube.sim.store.get('config.openshift.io/v1', 'ClusterOperator', 'insights') as
        { status?: { conditions?: { type: string; status: string }[]; versions?: unknown[]; relatedObjects?: unknown[] } } | undefined;
      const conditions = Object.fromEntries((co?.status?.conditions ?? []).map((c) => [c.type, c.status]));
      return { available: conditions['Available'], disabled: conditions['Disabled'], gatheringDisabled: conditions['GatheringDisabled'], versions: co?.status?.versions?.length };
    }, { timeout: 15_000 }).toEqual({ available: 'True', disabled: 'False', gatheringDisabled: 'False', versions: 1 });

    const stop = await operator.stop('SIGTERM');
    expect(stop.code).toBe(0);
    expect(stop.ms).toBeLessThan(30_000);
    expect(operator.logs.map((l) => JSON.stringify(l)).join('\n')).not.toContain(TOKEN);
  });

  it('SIGTERM in the middle of a gather stops within 30 s and leaves no temporary file and no partial archive', async () => {
    // Node reads hang for a minute: the gather is in flight when the signal comes.
    const fault = kube.sim.faults.add({ path: '/api/v1/nodes', latencyMs: 60_000 });
    try {
      const { operator, storage } = await startOperator('10m');
      await operator.waitForLog((l) => l.msg === 'operator started');
      await expect.poll(async () => (await readdir(storage).catch(() => [])).some((f) => f.startsWith('.insights-partial-')), { timeout: 20_000 }).toBe(true);
      const stop = await operator.stop('SIGTERM');
      expect(stop.code).toBe(0);
      expect(stop.ms).toBeLessThan(30_000);
      expect(await readdir(storage)).toEqual([]);
      expect(operator.logs.some((l) => /partial archive was discarded/.test(l.msg))).toBe(true);
    } finally {
      fault.remove();
    }
  });

  it('InsightsDataGather changes what the next gather runs, in both API forms', async () => {
    const { operator } = await startOperator('4s');
    await operator.waitForLog(isArchiveWritten);
    const gathersOf = async (archive: string) => {
      const files = await readArchive(archive);
      const meta = JSON.parse(files.find((f) => f.name === 'insights-operator/gathers.json')!.data.toString()) as { status_reports: { name: string; status?: string }[] };
      return Object.fromEntries(meta.status_reports.map((r) => [r.name, r.status]));
    };
    const nextArchiveAfter = async (count: number) => {
      await expect.poll(() => operator.logs.filter(isArchiveWritten).length, { timeout: 30_000 }).toBeGreaterThan(count);
      return operator.logs.filter(isArchiveWritten).at(-1)!['archive'] as string;
    };

    // v1alpha1: a disabledGatherers list, on a cluster that serves only v1alpha1 (the simulator would serve
    // the stored object through v1 unconverted, where a real API server prunes the unknown field).
    const v1Gone = kube.sim.faults.add({ path: '/apis/config.openshift.io/v1/insightsdatagathers', status: 404 });
    kube.sim.store.add({
      apiVersion: 'config.openshift.io/v1alpha1', kind: 'InsightsDataGather', metadata: { name: 'cluster' },
      spec: { gatherConfig: { disabledGatherers: ['clusterconfig/nodes'] } },
    });
    await operator.waitForLog((l) => /configuration changed/i.test(l.msg) && JSON.stringify(l).includes('gathering'), 20_000);
    let seen = operator.logs.filter(isArchiveWritten).length;
    // The gather running at the change may predate it: look at the one after.
    let statuses = await gathersOf(await nextArchiveAfter(seen + 1));
    expect(statuses['clusterconfig/nodes']).toBe('disabled');
    expect(statuses['clusterconfig/version']).toBe('ok');

    // v1: Custom mode, the whole gatherer disabled but one function enabled.
    v1Gone.remove();
    kube.sim.store.remove('config.openshift.io/v1', 'InsightsDataGather', 'cluster');
    kube.sim.store.add({
      apiVersion: 'config.openshift.io/v1', kind: 'InsightsDataGather', metadata: { name: 'cluster' },
      spec: { gatherConfig: { gatherers: { mode: 'Custom', custom: { configs: [
        { name: 'clusterconfig', state: 'Disabled' }, { name: 'clusterconfig/version', state: 'Enabled' },
      ] } } } },
    });
    seen = operator.logs.filter(isArchiveWritten).length;
    await expect.poll(async () => {
      const latest = operator.logs.filter(isArchiveWritten).at(-1)!['archive'] as string;
      const s = await gathersOf(latest);
      return [s['clusterconfig/nodes'], s['clusterconfig/operators'], s['clusterconfig/version']];
    }, { timeout: 40_000, interval: 1000 }).toEqual(['disabled', 'disabled', 'ok']);
    expect(operator.logs.filter(isArchiveWritten).length).toBeGreaterThan(seen);
    statuses = await gathersOf(operator.logs.filter(isArchiveWritten).at(-1)!['archive'] as string);
    // Of clusterconfig, only the enabled function ran (workloads waits for its 12h period; conditional was not disabled).
    expect(Object.entries(statuses).filter(([name, s]) => name.startsWith('clusterconfig/') && s === 'ok').map(([name]) => name)).toEqual(['clusterconfig/version']);
  });
});
