import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { GatherService } from '../../../core/gather/gather-service.ts';
import { resolveGatherSettings } from '../../../core/gather/gather-settings.ts';
import { loadPlugins } from '../../../core/loader/plugin-loader.ts';
import { builtInConfiguration } from '../../../core/rules/validate-remote-configuration.ts';
import type { RemoteConfiguration } from '../../../plugin-api/gathering-rules.ts';
import { coreServices } from '../../../plugin-api/service-ref.ts';
import { checkPluginContract, mockServices } from '../../../plugin-api/testing/index.ts';
import { gathersJson, readArchive } from '../../helpers/read-archive.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { useSampleCluster } from '../clusterconfig/setup.ts';
import { runningPod } from './conditional-plan.ts';

const FOLDER = new URL('../../../plugins/conditional', import.meta.url).pathname;

const rulesProvider = mockServices.gatheringRules;
const prometheusFiring = (firing: Array<Record<string, string>>) => mockServices.prometheus({ firing });

describe('conditional plugin', () => {
  const env = useSampleCluster();

  it('loads as a built-in plugin with its three functions, five planned functions and its planner', async () => {
    const { plugins, failures } = await loadPlugins();
    expect(failures.filter((f) => f.directory.endsWith('conditional'))).toEqual([]);
    const conditional = plugins.find((p) => p.manifest.name === 'conditional')!.plugin;
    expect(Object.keys(conditional.functions).sort()).toEqual(['conditional_gatherer_rules', 'rapid_container_logs', 'remote_configuration']);
    expect(Object.keys(conditional.plannedFunctions).sort()).toEqual([
      'api_request_counts_of_resource_from_alert', 'containers_logs', 'image_streams_of_namespace', 'logs_of_namespace', 'pod_definition',
    ]);
    expect(conditional.planner).toBeDefined();
  });

  it("gathers a crash-looping pod's previous log and definition when the built-in rules' alerts fire", async () => {
    const ns = 'openshift-test-crash';
    env.add(runningPod({ namespace: ns, name: 'looping-0', containers: ['app'] }));
    env.sim.logs.set(ns, 'looping-0', 'app', ['2025-01-01T00:00:00.000000001Z panic: boom'], { previous: true });
    try {
      const loaded = await loadPlugins();
      const plugins = { plugins: loaded.plugins.filter((p) => p.manifest.name === 'conditional'), failures: [] };
      const services: Record<string, unknown> = {
        [coreServices.gatheringRules.id]: rulesProvider(builtInConfiguration()),
        [coreServices.prometheus.id]: prometheusFiring([
          { alertname: 'KubePodCrashLooping', namespace: ns, pod: 'looping-0', container: 'app' },
          { alertname: 'KubePodNotReady', namespace: ns, pod: 'looping-0' },
        ]),
      };
      const service = new GatherService({
        plugins, kubeSession: () => () => env.kube, logger: pino({ level: 'silent' }), now: () => new Date(),
        resolveService: (id) => (id in services ? { found: true, value: services[id] } : { found: false }),
      });
      const outcome = await service.gather(resolveGatherSettings({}, { storagePath: await tempDir() }));
      const files = await readArchive(outcome.archivePath!);
      const names = files.map((f) => f.name);
      expect(names).toContain(`conditional/namespaces/${ns}/pods/looping-0/containers/app/logs-previous/last-20-lines.log`);
      expect(names).toContain(`conditional/namespaces/${ns}/pods/looping-0/looping-0.json`);
      const previous = files.find((f) => f.name.endsWith('logs-previous/last-20-lines.log'))!;
      expect(previous.data.toString('utf8')).toBe('2025-01-01T00:00:00.000000001Z panic: boom\n');
      const reports = new Map(gathersJson(files).status_reports.map((r) => [r.name, r]));
      expect(reports.get('conditional/containers_logs/alert_name=KubePodCrashLooping,previous=true,tail_lines=20')).toMatchObject({ status: 'ok', records_count: 1 });
      expect(reports.get('conditional/pod_definition/alert_name=KubePodNotReady')).toMatchObject({ status: 'ok', records_count: 1 });
      expect(reports.get('conditional/rapid_container_logs')).toMatchObject({ status: 'ok', records_count: 0 });
      const rules = JSON.parse(files.find((f) => f.name === 'insights-operator/conditional-gatherer-rules.json')!.data.toString('utf8'));
      const crash = rules.conditional_gathering_rules.find((r: { rule: { conditions: Array<{ alert?: { name: string } }> } }) => r.rule.conditions[0]?.alert?.name === 'KubePodCrashLooping');
      expect(crash).toMatchObject({ errors: null, was_triggered: true });
    } finally {
      env.sim.logs.delete(ns, 'looping-0', 'app', { previous: true });
    }
  });

  it('passes the plugin contract (which runs its every-gather functions; the planned ones only run when planned)', async () => {
    // The contract kit runs each of `functions` alone, with RBAC limited to what the plugin declares,
    // on a cluster with this pod, and on an empty one. It does not call planned functions: their
    // paths, permissions and behaviour are covered by their own tests and the gather above. A
    // container_logs request makes rapid_container_logs read the cluster in those runs.
    const configuration: RemoteConfiguration = {
      ...builtInConfiguration(),
      container_logs: [{ namespace: 'openshift-test-contract', pod_name_regex: '^web-', messages: ['error'] }],
    };
    const { failures } = await checkPluginContract(FOLDER, {
      objects: [runningPod({ namespace: 'openshift-test-contract', name: 'web-0', containers: ['c'] })],
      services: { [coreServices.gatheringRules.id]: rulesProvider(configuration), [coreServices.prometheus.id]: prometheusFiring([]) },
    });
    // The kit is written for third-party plugins, so it refuses the name of a built-in one: the only
    // failure expected here, and a sign that the other checks ran on this very folder.
    expect(failures).toEqual([{ plugin: 'conditional', fn: '*', reason: expect.stringMatching(/^plugin name "conditional" is taken by a built-in plugin/) }]);
  });
});
