import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { containersLogs } from '../../../plugins/conditional/containers-logs.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { connectWithDeclaredPermissions } from '../clusterconfig/declared-permissions.ts';
import { SAMPLE_FIXTURE, useSampleCluster } from '../clusterconfig/setup.ts';
import { conditionalPlan, runningPod } from './conditional-plan.ts';

const MONITORING = 'openshift-monitoring';
const AM_PATH = `conditional/namespaces/${MONITORING}/pods/alertmanager-main-0/containers/alertmanager/logs/last-50-lines.log`;
const NS = 'openshift-test-logs';
const base = (pod: string, container: string, dir: string, n: number) => `conditional/namespaces/${NS}/pods/${pod}/containers/${container}/${dir}/last-${n}-lines.log`;

describe('conditional/containers_logs', () => {
  const env = useSampleCluster();
  const logs: Array<[string, string, string, boolean]> = [];
  const setLog = (pod: string, container: string, lines: string[], previous = false) => {
    env.sim.logs.set(NS, pod, container, lines, { previous });
    logs.push([NS, pod, container, previous]);
  };
  afterEach(() => {
    for (const [ns, pod, container, previous] of logs.splice(0)) env.sim.logs.delete(ns, pod, container, { previous });
  });
  const lines = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `2025-01-01T00:00:${String(i % 60).padStart(2, '0')}.000000000Z ${prefix} ${i}`);
  const text = (all: string[]) => `${all.join('\n')}\n`;

  it("writes the sample's alertmanager log at the sample's path, byte for byte, for AlertmanagerFailedReload", async () => {
    const plan = conditionalPlan({ firing: { AlertmanagerFailedReload: [{ namespace: MONITORING, pod: 'alertmanager-main-0', service: 'alertmanager-main' }] } });
    const out = await gatherFunction(containersLogs, {
      kube: env.kube, plan, params: { alert_name: 'AlertmanagerFailedReload', container: 'alertmanager', tail_lines: 50 },
    });
    expect(out).toMatchObject({ errors: [], warnings: [] });
    expect(out.records.map((r) => r.path)).toEqual([AM_PATH]);
    expect(out.records[0]!.text).toBe(await readFile(join(SAMPLE_FIXTURE, AM_PATH), 'utf8'));
  });

  it('reads the container the alert names, or every container when neither the alert nor the rule names one', async () => {
    env.add(runningPod({ namespace: NS, name: 'two', containers: ['a', 'b'], initContainers: ['init'] }));
    for (const c of ['a', 'b', 'init']) setLog('two', c, lines(c, 3));
    const named = await gatherFunction(containersLogs, {
      kube: env.kube, params: { alert_name: 'KubeContainerWaiting', tail_lines: 10 },
      plan: conditionalPlan({ firing: { KubeContainerWaiting: [{ namespace: NS, pod: 'two', container: 'b' }] } }),
    });
    expect(named.records.map((r) => [r.path, r.text])).toEqual([[base('two', 'b', 'logs', 10), text(lines('b', 3))]]);
    const all = await gatherFunction(containersLogs, {
      kube: env.kube, params: { alert_name: 'KubePodNotReady', tail_lines: 10 },
      plan: conditionalPlan({ firing: { KubePodNotReady: [{ namespace: NS, pod: 'two' }] } }),
    });
    expect(all.records.map((r) => r.path)).toEqual([base('two', 'a', 'logs', 10), base('two', 'b', 'logs', 10), base('two', 'init', 'logs', 10)]);
  });

  it("lets the rule's container and namespace take precedence over the alert's labels", async () => {
    env.add(runningPod({ namespace: NS, name: 'p', containers: ['app', 'proxy'] }));
    setLog('p', 'app', lines('app', 2));
    setLog('p', 'proxy', lines('proxy', 2));
    const out = await gatherFunction(containersLogs, {
      kube: env.kube, params: { alert_name: 'SomeAlert', namespace: NS, container: 'proxy', tail_lines: 5 },
      plan: conditionalPlan({ firing: { SomeAlert: [{ namespace: 'openshift-elsewhere', pod: 'p', container: 'app' }] } }),
    });
    expect(out.records.map((r) => r.path)).toEqual([base('p', 'proxy', 'logs', 5)]);
  });

  it('honours tail_lines and previous (the previous instance, under logs-previous)', async () => {
    env.add(runningPod({ namespace: NS, name: 'crashing', containers: ['app'] }));
    setLog('crashing', 'app', lines('current', 30));
    setLog('crashing', 'app', lines('before the crash', 30), true);
    const plan = conditionalPlan({ firing: { KubePodCrashLooping: [{ namespace: NS, pod: 'crashing', container: 'app' }] } });
    const current = await gatherFunction(containersLogs, { kube: env.kube, plan, params: { alert_name: 'KubePodCrashLooping', tail_lines: 4 } });
    expect(current.records.map((r) => [r.path, r.text])).toEqual([[base('crashing', 'app', 'logs', 4), text(lines('current', 30).slice(-4))]]);
    const previous = await gatherFunction(containersLogs, { kube: env.kube, plan, params: { alert_name: 'KubePodCrashLooping', tail_lines: 20, previous: true } });
    expect(previous.records.map((r) => [r.path, r.text])).toEqual([[base('crashing', 'app', 'logs-previous', 20), text(lines('before the crash', 30).slice(-20))]]);
  });

  it('warns and goes on for a pod that is gone, a container it lacks, a missing previous log and an instance without a pod', async () => {
    env.add(runningPod({ namespace: NS, name: 'here', containers: ['app'] }));
    setLog('here', 'app', lines('here', 1));
    const plan = conditionalPlan({
      firing: {
        KubePodCrashLooping: [
          { namespace: NS, pod: 'gone', container: 'app' },
          { namespace: NS, container: 'app' },
          { namespace: NS, pod: 'here', container: 'sidecar' },
          { namespace: NS, pod: 'here', container: 'app' },
        ],
      },
    });
    const out = await gatherFunction(containersLogs, { kube: env.kube, plan, params: { alert_name: 'KubePodCrashLooping', tail_lines: 10, previous: true } });
    expect(out.errors).toEqual([]);
    expect(out.records).toEqual([]);
    expect(out.warnings).toEqual([
      expect.stringMatching(/^an instance of alert KubePodCrashLooping has no "pod" label: skipped/),
      `pod ${NS}/gone (alert KubePodCrashLooping) not found`,
      `pod ${NS}/here (alert KubePodCrashLooping) has no container sidecar`,
      `no previous log of container app of pod ${NS}/here (alert KubePodCrashLooping)`,
    ]);
  });

  it('records nothing, without an error, when the alert has no firing instance', async () => {
    const out = await gatherFunction(containersLogs, { kube: env.kube, params: { alert_name: 'KubePodNotReady', tail_lines: 10 }, plan: conditionalPlan({ firing: {} }) });
    expect(out).toMatchObject({ records: [], errors: [], warnings: [] });
  });

  it('works with exactly its declared permissions, and reports the refusals without them', async () => {
    const plan = conditionalPlan({ firing: { AlertmanagerFailedReload: [{ namespace: MONITORING, pod: 'alertmanager-main-0' }] } });
    const params = { alert_name: 'AlertmanagerFailedReload', container: 'alertmanager', tail_lines: 50 };
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, containersLogs.permissions, 'test-containers-logs');
    expect((await gatherFunction(containersLogs, { kube, plan, params })).records.map((r) => r.path)).toEqual([AM_PATH]);
    const none = await connectWithDeclaredPermissions(env.sim, env.connect, [], 'test-containers-logs-none');
    const denied = await gatherFunction(containersLogs, { kube: none, plan, params });
    expect(denied.records).toEqual([]);
    expect(denied.errors).toEqual([expect.stringMatching(/^unable to read pod openshift-monitoring\/alertmanager-main-0 \(alert AlertmanagerFailedReload\): .*forbidden/)]);
  });
});
