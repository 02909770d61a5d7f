// Reliability property 15 through the real operator: whatever the rules endpoint does, the gather completes,
// the archive is uploaded with the built-in rules recorded, and the ClusterOperator says why.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOperatorProcess } from '../../helpers/operator-process.ts';
import type { OperatorProcess } from '../../helpers/operator-process.ts';
import { gathersJson, readArchive } from '../../helpers/read-archive.ts';
import { useConsoleSim } from '../../sim/console/harness.ts';
import type { ScriptedResponse } from '../../sim/console/index.ts';
import { useKubeSim } from '../../sim/kube/harness.ts';

const TOKEN = `rules-${process.pid}-${Date.now().toString(36)}`;
const kube = await useKubeSim({ fixture: 'sample' });
const consoleSim = useConsoleSim({ token: TOKEN });

const VALID = {
  version: '2.0.0',
  conditional_gathering_rules: [{
    conditions: [{ type: 'cluster_version_matches', cluster_version_matches: { version: '>=4.0.0-0' } }],
    gathering_functions: { image_streams_of_namespace: { namespace: 'openshift-cluster-samples-operator' } },
  }],
  container_logs: [],
};
const withUnknownFunction = structuredClone(VALID) as Record<string, any>;
withUnknownFunction.conditional_gathering_rules[0].gathering_functions.gather_everything = {};
const withBadRegex = { ...VALID, container_logs: [{ namespace: 'openshift-etcd', pod_name_regex: 'etcd-(?=x)', messages: ['x'] }] };

/** One gather per case, in this order; each case scripts the rules route for every attempt of its gather. */
const CASES: ReadonlyArray<{ name: string; script: ScriptedResponse[]; available: string; valid: string; remote: boolean }> = [
  { name: '(a) 500', script: [{ status: 500 }, { status: 500 }, { status: 500 }], available: 'False/HttpStatus500', valid: 'Unknown/NoValidationYet', remote: false },
  { name: '(b) not JSON', script: [{ status: 200, body: '{not json' }], available: 'True/Succeeded', valid: 'False/Invalid', remote: false },
  { name: '(c) unknown function', script: [{ status: 200, body: withUnknownFunction }], available: 'True/Succeeded', valid: 'False/Invalid', remote: false },
  { name: '(c) invalid regex', script: [{ status: 200, body: withBadRegex }], available: 'True/Succeeded', valid: 'False/Invalid', remote: false },
  { name: '(d) hang', script: [{ delayMs: 5_000 }, { delayMs: 5_000 }, { delayMs: 5_000 }], available: 'False/NotAvailable', valid: 'Unknown/NoValidationYet', remote: false },
  { name: 'recovered', script: [{ status: 200, body: VALID }], available: 'True/Succeeded', valid: 'True/Succeeded', remote: true },
];

function remoteConditions(): Record<string, string> {
  const co = kube.sim.store.get('config.openshift.io/v1', 'ClusterOperator', 'insights') as unknown as { status?: { conditions?: Array<{ type: string; status: string; reason: string }> } } | undefined;
  return Object.fromEntries((co?.status?.conditions ?? []).filter((c) => c.type.startsWith('RemoteConfiguration')).map((c) => [c.type, `${c.status}/${c.reason}`]));
}

describe('reliability 15: malformed or unavailable remote rules, through the operator', () => {
  let operator: OperatorProcess;
  let dir: string;

  beforeAll(async () => {
    kube.sim.store.add({
      apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/dockerconfigjson',
      metadata: { name: 'pull-secret', namespace: 'openshift-config' },
      data: { '.dockerconfigjson': Buffer.from(JSON.stringify({ auths: { 'cloud.openshift.com': { auth: TOKEN, email: 'ops@example.com' } } })).toString('base64') },
    });
    dir = await mkdtemp(join(tmpdir(), 'io-rules-fallback-'));
    const api = `${consoleSim.sim.url}/api`;
    // The ConfigMap wins over the sample's support secret, whose rules endpoint is http://localhost:8080.
    kube.sim.store.remove('v1', 'ConfigMap', 'insights-config', 'openshift-insights');
    kube.sim.store.add({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'insights-config', namespace: 'openshift-insights' },
      data: { 'config.yaml': `dataReporting:\n  uploadEndpoint: ${api}/ingress/v1/upload\n  conditionalGathererEndpoint: ${api}/gathering/v2/%s/gathering_rules\n` },
    });
    const config = join(dir, 'pod.yaml');
    // Every gather is its own case: the next case's answers are queued once the previous archive is uploaded,
    // and a gather (at most ~6 s here) ends well within the 10 s interval, so the conditions can be read in between.
    await writeFile(config, [
      'interval: 10s',
      `storagePath: ${join(dir, 'archives')}`,
      `endpoint: ${api}/ingress/v1/upload`,
      `conditionalGathererEndpoint: ${api}/gathering/v2/%s/gathering_rules`,
      'pull_report:',
      `  endpoint: ${api}/insights-results-aggregator/v2/cluster/%s/reports`,
      'ocm: {scaInterval: 1000h, clusterTransferInterval: 1000h}',
      'operatorTimings: {initialDelay: 0s, uploadFirstDelay: 0s, uploadRetry: 200ms, statusMinWrite: 500ms, statusResync: 2s, rulesRetry: 50ms, rulesTimeout: 1s}',
      '',
    ].join('\n'));
    consoleSim.sim.script('rules', CASES[0]!.script);
    operator = startOperatorProcess([
      'start', '--config', config, '--kubeconfig', kube.kubeconfigPath, '--listen', '127.0.0.1', '--metrics-port', '0',
      '--health-port', '0', '--log-format', 'json', '--log-level', 'info', '--trusted-ca-bundle', consoleSim.caFile,
    ], { env: { RELEASE_VERSION: '4.18.2' } });
    await operator.waitForLog((l) => l.msg === 'operator started');
  }, 60_000);

  afterAll(async () => {
    await operator?.stop('SIGKILL').catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('every case: the gather completes, the archive is uploaded with the rules used, and the conditions give the reason', async () => {
    for (const [i, c] of CASES.entries()) {
      // The i-th upload is the i-th gather's archive.
      await expect.poll(() => consoleSim.sim.uploads.length, { timeout: 60_000, message: `${c.name}: upload ${i + 1}` }).toBeGreaterThan(i);
      const next = CASES[i + 1];
      if (next !== undefined) consoleSim.sim.script('rules', next.script);
      const files = await readArchive(consoleSim.sim.uploads[i]!.bytes);
      const byName = new Map(files.map((f) => [f.name, f.data.toString('utf8')]));
      const remote = JSON.parse(byName.get('insights-operator/remote-configuration.json') ?? 'null') as { version?: string } | null;
      const rules = JSON.parse(byName.get('insights-operator/conditional-gatherer-rules.json') ?? 'null') as { version?: string; endpoint?: string } | null;
      expect(remote?.version, c.name).toBe(c.remote ? '2.0.0' : 'built-in');
      expect(rules?.version, c.name).toBe(remote?.version);
      expect(rules?.endpoint, c.name).toBe(`${consoleSim.sim.url}/api/gathering/v2/4.18.2/gathering_rules`);
      const meta = gathersJson(files);
      // The gather itself completed: clusterconfig ran, and the conditional plugin's functions ran.
      expect(meta.status_reports.find((r) => r.name === 'clusterconfig')?.status, c.name).toBeDefined();
      expect(meta.status_reports.find((r) => r.name === 'conditional/remote_configuration')?.status, c.name).toBe('ok');
      await expect.poll(remoteConditions, { timeout: 15_000, message: c.name })
        .toEqual({ RemoteConfigurationAvailable: c.available, RemoteConfigurationValid: c.valid });
    }
  }, 240_000);
});
