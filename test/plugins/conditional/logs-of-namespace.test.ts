import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { logsOfNamespace, MAX_NAMESPACE_CONTAINER_LOGS } from '../../../plugins/conditional/logs-of-namespace.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { connectWithDeclaredPermissions } from '../clusterconfig/declared-permissions.ts';
import { SAMPLE_FIXTURE, useSampleCluster } from '../clusterconfig/setup.ts';
import { runningPod } from './conditional-plan.ts';

const SAMPLE_NS = 'openshift-cluster-samples-operator';
const SAMPLE_POD = 'cluster-samples-operator-8ffb9b45f-49mjr';
const stripTimestamp = (line: string): string => line.replace(/^\S+Z /, '');
const samplePath = (container: string) => `conditional/namespaces/${SAMPLE_NS}/pods/${SAMPLE_POD}/containers/${container}/logs/last-100-lines.log`;

describe('conditional/logs_of_namespace', () => {
  const env = useSampleCluster();
  const logs: Array<[string, string, string]> = [];
  const setLog = (ns: string, pod: string, container: string, lines: string[]) => {
    env.sim.logs.set(ns, pod, container, lines);
    logs.push([ns, pod, container]);
  };
  afterEach(() => {
    for (const [ns, pod, container] of logs.splice(0)) env.sim.logs.delete(ns, pod, container);
  });

  it("writes the sample's logs of the namespace at the sample's paths, each line after the kubelet's timestamp", async () => {
    const out = await gatherFunction(logsOfNamespace, { kube: env.kube, params: { namespace: SAMPLE_NS, tail_lines: 100 } });
    expect(out.errors).toEqual([]);
    const expected = [samplePath('cluster-samples-operator-watch'), samplePath('cluster-samples-operator')];
    expect(out.records.map((r) => r.path)).toEqual(expected);
    // These sample files predate the original's `timestamps=true` (its later alertmanager files have
    // them): the lines are the sample's, each behind the RFC 3339 time the kubelet prefixes.
    for (const path of expected) {
      const lines = out.byPath.get(path)!.text.split('\n');
      expect(lines.every((l) => l === '' || /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /.test(l))).toBe(true);
      expect(lines.map(stripTimestamp).join('\n')).toBe(await readFile(join(SAMPLE_FIXTURE, path), 'utf8'));
    }
  });

  it('honours tail_lines in what it reads and in the file name', async () => {
    const out = await gatherFunction(logsOfNamespace, { kube: env.kube, params: { namespace: SAMPLE_NS, tail_lines: 3 } });
    const path = `conditional/namespaces/${SAMPLE_NS}/pods/${SAMPLE_POD}/containers/cluster-samples-operator/logs/last-3-lines.log`;
    const sample = await readFile(join(SAMPLE_FIXTURE, samplePath('cluster-samples-operator')), 'utf8');
    expect(out.byPath.get(path)!.text.split('\n').map(stripTimestamp).join('\n')).toBe(`${sample.trimEnd().split('\n').slice(-3).join('\n')}\n`);
  });

  it('reads init containers too, leaves out empty logs and other namespaces', async () => {
    env.add(
      runningPod({ namespace: 'openshift-test-a', name: 'p', containers: ['main', 'quiet'], initContainers: ['setup'] }),
      runningPod({ namespace: 'openshift-test-b', name: 'other', containers: ['main'] }),
    );
    setLog('openshift-test-a', 'p', 'main', ['2025-01-01T00:00:00.000000001Z started']);
    setLog('openshift-test-a', 'p', 'setup', ['2025-01-01T00:00:00.5Z prepared']);
    setLog('openshift-test-b', 'other', 'main', ['2025-01-01T00:00:00Z elsewhere']);
    const out = await gatherFunction(logsOfNamespace, { kube: env.kube, params: { namespace: 'openshift-test-a', tail_lines: 10 } });
    expect(out.errors).toEqual([]);
    expect(Object.fromEntries(out.records.map((r) => [r.path, r.text]))).toEqual({
      'conditional/namespaces/openshift-test-a/pods/p/containers/main/logs/last-10-lines.log': '2025-01-01T00:00:00.000000001Z started\n',
      'conditional/namespaces/openshift-test-a/pods/p/containers/setup/logs/last-10-lines.log': '2025-01-01T00:00:00.500000000Z prepared\n',
    });
  });

  it(`records at most ${MAX_NAMESPACE_CONTAINER_LOGS} logs of a namespace and reports how many containers it skipped`, async () => {
    const containers = Array.from({ length: 70 }, (_, i) => `c${String(i).padStart(2, '0')}`);
    env.add(runningPod({ namespace: 'openshift-test-many', name: 'big', containers }));
    for (const c of containers) setLog('openshift-test-many', 'big', c, [`2025-01-01T00:00:00Z line of ${c}`]);
    const out = await gatherFunction(logsOfNamespace, { kube: env.kube, params: { namespace: 'openshift-test-many', tail_lines: 1 } });
    expect(out.records).toHaveLength(MAX_NAMESPACE_CONTAINER_LOGS);
    expect(out.records.at(-1)!.path).toBe('conditional/namespaces/openshift-test-many/pods/big/containers/c63/logs/last-1-lines.log');
    expect(out.errors).toEqual([`skipping 6 containers on namespace openshift-test-many (max: ${MAX_NAMESPACE_CONTAINER_LOGS})`]);
  });

  it('records nothing for a namespace without pods', async () => {
    const out = await gatherFunction(logsOfNamespace, { kube: env.kube, params: { namespace: 'openshift-nothing-here', tail_lines: 10 } });
    expect(out).toMatchObject({ records: [], errors: [], warnings: [] });
  });

  it('works with exactly its declared permissions, and fails without them', async () => {
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, logsOfNamespace.permissions, 'test-logs-of-namespace');
    const out = await gatherFunction(logsOfNamespace, { kube, params: { namespace: SAMPLE_NS, tail_lines: 100 } });
    expect(out.errors).toEqual([]);
    expect(out.records).toHaveLength(2);
    const listOnly = await connectWithDeclaredPermissions(env.sim, env.connect, [{ resource: 'pods', verbs: ['list'] }], 'test-logs-of-namespace-nolog');
    const denied = await gatherFunction(logsOfNamespace, { kube: listOnly, params: { namespace: SAMPLE_NS, tail_lines: 100 } });
    expect(denied.records).toEqual([]);
    expect(denied.errors).toHaveLength(2);
    expect(denied.errors[0]).toMatch(/forbidden.*pods\/log/);
  });
});
