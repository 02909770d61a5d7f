import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { composeContainer } from '../../../core/container/composition-root.ts';
import { Tokens } from '../../../core/container/tokens.ts';
import { resolveGatherSettings } from '../../../core/gather/gather-settings.ts';
import { connectKube } from '../../../core/kube/connect.ts';
import { loadPlugins } from '../../../core/loader/plugin-loader.ts';
import type { OperatorConfigFile } from '../../../core/config/operator-config.ts';
import { useKubeSim } from '../../sim/kube/harness.ts';
import { usePrometheus } from '../../sim/monitoring/harness.ts';
import { requireMonitoring } from '../../sim/monitoring/require-monitoring.ts';
import { captureLogger } from '../../helpers/capture-logger.ts';
import { gathersJson, readArchive } from '../../helpers/read-archive.ts';
import type { ArchiveFile } from '../../helpers/read-archive.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { writePlugin } from '../../helpers/write-plugin.ts';
import { startTestServer } from '../insights/https-test-server.ts';
import type { TestServer } from '../insights/https-test-server.ts';

const monitoring = requireMonitoring();

/** A plugin whose one function declares both monitoring services and records what they answer. */
const PROBE_SOURCE = `import { coreServices, defineGatheringFunction, definePlugin, json, raw, record } from 'insights-operator/plugin-api';
export default definePlugin({
  name: 'monprobe',
  functions: {
    firing: defineGatheringFunction({
      description: 'firing alerts from Prometheus and the Alertmanager answer',
      paths: ['monprobe/firing.json', 'monprobe/alertmanager'],
      permissions: [],
      services: { prometheus: coreServices.prometheus, alertmanager: coreServices.alertmanager },
      async *gather(ctx) {
        const alerts = await ctx.services.prometheus.query('ALERTS', { signal: ctx.signal, params: { 'match[]': 'ALERTS{alertstate="firing"}' } });
        yield record({ name: 'monprobe/firing', item: json({ endpoint: ctx.services.prometheus.endpoint, alerts: alerts.map((a) => a.metric) }) });
        yield record({ name: 'monprobe/alertmanager', item: raw(await ctx.services.alertmanager.get('/api/v2/alerts', { signal: ctx.signal })) });
      },
    }),
  },
});
`;

function recordOf(files: readonly ArchiveFile[], name: string): string {
  const file = files.find((f) => f.name === name);
  if (file === undefined) throw new Error(`no ${name} in the archive: ${files.map((f) => f.name).join(', ')}`);
  return file.data.toString('utf8');
}

// Skipped only where INSIGHTS_ALLOW_MISSING_PROMETHEUS=1 declares a machine without Prometheus; otherwise
// requireMonitoring() has added a failing test that says what to install.
describe.skipIf(monitoring.skip)('coreServices.prometheus and coreServices.alertmanager in a gather', async () => {
  const kube = await useKubeSim();
  const prom = usePrometheus({
    alerts: [{ alert: 'KubePodCrashLooping', expr: 'vector(1)', labels: { namespace: 'openshift-insights', pod: 'crashy', container: 'c' } }],
  });
  /** Stands in for Alertmanager: Debian's cannot check a token, this one records the Authorization header. */
  let recorder: TestServer;
  let pluginsRoot: string | undefined;
  let caBundle: string;
  beforeAll(async () => {
    recorder = await startTestServer({ handler: (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]') });
    // Not tempDir(): that one is removed after each test, and these files serve the whole file.
    pluginsRoot = await mkdtemp(join(tmpdir(), 'monprobe-plugins-'));
    await writePlugin(pluginsRoot, 'monprobe', { manifest: { pluginApi: '^1.2.0' }, source: PROBE_SOURCE });
    // One service CA file for both, as the service-ca operator's bundle holds one CA for every service.
    caBundle = join(pluginsRoot, 'service-ca.crt');
    await writeFile(caBundle, `${prom.server.caPem}${recorder.certs.caPem}`);
  });
  afterAll(async () => {
    await recorder?.close();
    if (pluginsRoot !== undefined) await rm(pluginsRoot, { recursive: true, force: true });
  });
  const config = (): OperatorConfigFile => ({ monitoring: { prometheusURL: prom.server.url, alertmanagerURL: recorder.url, caFile: caBundle } });

  it('resolves them from the composition root for a function that declares them, with the operator\'s own token', async () => {
    const logs = captureLogger('trace');
    const container = composeContainer({
      logger: logs.logger,
      config: config(),
      plugins: await loadPlugins({ builtIn: false, folders: [join(pluginsRoot!, 'monprobe')] }),
      kube: () => connectKube({ kubeconfig: kube.kubeconfigPath, impersonate: 'system:serviceaccount:openshift-insights:gather' }),
    });
    const outcome = await container.resolve(Tokens.GatherService).gather(resolveGatherSettings({}, { storagePath: await tempDir() }));
    const files = await readArchive(outcome.archivePath!);
    expect(gathersJson(files).status_reports.find((r) => r.name === 'monprobe/firing')).toMatchObject({ status: 'ok' });
    const firing = JSON.parse(recordOf(files, 'monprobe/firing.json')) as { endpoint: string; alerts: Record<string, string>[] };
    expect(firing.endpoint).toBe(prom.server.url);
    expect(firing.alerts).toEqual([{ __name__: 'ALERTS', alertname: 'KubePodCrashLooping', alertstate: 'firing', namespace: 'openshift-insights', pod: 'crashy', container: 'c' }]);
    expect(recordOf(files, 'monprobe/alertmanager')).toBe('[]');
    // The operator's token, not an impersonation: monitoring sees the operator's own service account.
    const seen = recorder.requests.at(-1)!;
    expect(seen.headers.authorization).toBe(`Bearer ${kube.sim.token}`);
    expect(seen.headers).not.toHaveProperty('impersonate-user');
    expect(logs.text()).not.toContain(kube.sim.token);
  });

  it('uses the original\'s endpoints and service CA path when the configuration names none', async () => {
    const container = composeContainer({
      logger: captureLogger().logger,
      config: {},
      plugins: await loadPlugins({ builtIn: false, folders: [join(pluginsRoot!, 'monprobe')] }),
      kube: () => connectKube({ kubeconfig: kube.kubeconfigPath }),
    });
    const outcome = await container.resolve(Tokens.GatherService).gather(resolveGatherSettings({}, { storagePath: await tempDir() }));
    const report = gathersJson(await readArchive(outcome.archivePath!)).status_reports.find((r) => r.name === 'monprobe/firing');
    expect(report?.status).toBe('error');
    // No service CA on this machine: nothing is sent, and the error says where it would have gone.
    expect(report?.errors?.join('\n')).toContain('prometheus GET https://prometheus-k8s.openshift-monitoring.svc:9091/api/v1/query was not sent: the service CA file /var/run/configmaps/service-ca-bundle/service-ca.crt is absent');
  });

  it('works through the gather command, configured by --config', async () => {
    const dir = await tempDir();
    const configFile = join(dir, 'config.yaml');
    await writeFile(configFile, stringify(config()));
    const output = join(dir, 'out');
    const result = await runCli([
      'gather', '--kubeconfig', kube.kubeconfigPath, '--config', configFile, '--output', output, '--plugins-dir', pluginsRoot!,
      '--disable', 'clusterconfig', '--disable', 'workloads', '--disable', 'conditional',
    ], { timeoutMs: 120_000 });
    expect(result.stderr).not.toContain(kube.sim.token);
    expect(result.code, result.stderr).toBe(0);
    const [archive] = await readdir(output);
    const files = await readArchive(join(output, archive!));
    expect(JSON.parse(recordOf(files, 'monprobe/firing.json')).alerts).toHaveLength(1);
    expect(recorder.requests.at(-1)?.headers.authorization).toBe(`Bearer ${kube.sim.token}`);
  });
});
