import { afterEach, describe, expect, it } from 'vitest';
import type { ContainerLogRequest } from '../../../plugin-api/gathering-rules.ts';
import { RAPID_LOGS_SINCE_SECONDS, RAPID_LOGS_TIMEOUT_MS, rapidContainerLogs } from '../../../plugins/conditional/rapid-container-logs.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { LogInput } from '../../sim/kube/index.ts';
import { connectWithDeclaredPermissions } from '../clusterconfig/declared-permissions.ts';
import { useSampleCluster } from '../clusterconfig/setup.ts';
import { conditionalPlan, runningPod } from './conditional-plan.ts';

const NS = 'openshift-test-rapid';
const HOUR = 3600_000;

describe('conditional/rapid_container_logs', () => {
  const env = useSampleCluster();
  const logs: Array<[string, string, string, boolean]> = [];
  const setLog = (pod: string, container: string, lines: LogInput[], previous = false, ns = NS) => {
    env.sim.logs.set(ns, pod, container, lines, { previous });
    logs.push([ns, pod, container, previous]);
  };
  afterEach(() => {
    for (const [ns, pod, container, previous] of logs.splice(0)) env.sim.logs.delete(ns, pod, container, { previous });
  });
  /** A line `ago` ms before now, and the text the kubelet serves for it (its timestamp first). */
  const at = (ago: number, text: string) => ({ time: Date.now() - ago, text });
  const gather = (containerLogs: ContainerLogRequest[], kube = env.kube) =>
    gatherFunction(rapidContainerLogs, { kube, plan: conditionalPlan({ containerLogs }) });
  const logRequests = (since: number) => env.sim.requests.slice(since).filter((r) => r.path.endsWith('/log'));
  const texts = (log: string) => log.split('\n').filter((l) => l !== '').map((l) => l.replace(/^\S+Z /, ''));

  it('declares the 5-minute cap', () => {
    expect(rapidContainerLogs.timeoutMs).toBe(RAPID_LOGS_TIMEOUT_MS);
    expect(RAPID_LOGS_TIMEOUT_MS).toBe(5 * 60_000);
  });

  it('reads nothing and records nothing when there are no requests', async () => {
    const since = env.sim.requests.length;
    const out = await gather([]);
    expect(out).toMatchObject({ records: [], errors: [], warnings: [] });
    expect(env.sim.requests.length).toBe(since);
  });

  it('keeps the matching lines of the last 6 hours, with their timestamps, from every container of the matching pods', async () => {
    env.add(
      runningPod({ namespace: NS, name: 'kcm-1', containers: ['kcm', 'cert-syncer'] }),
      runningPod({ namespace: NS, name: 'other-1', containers: ['kcm'] }),
    );
    setLog('kcm-1', 'kcm', [
      at(7 * HOUR, 'E old: error resolving resource'),
      at(2 * HOUR, 'I routine sync'),
      at(HOUR, 'E Internal error occurred: error resolving resource apps/v1'),
      at(HOUR - 1000, 'I routine sync'),
    ]);
    setLog('kcm-1', 'cert-syncer', [at(HOUR, 'I nothing to see')]);
    setLog('other-1', 'kcm', [at(HOUR, 'E Internal error occurred: error resolving resource')]);
    const since = env.sim.requests.length;
    const out = await gather([{ namespace: NS, pod_name_regex: '^kcm-', messages: ['error resolving resource'] }]);
    expect(out.errors).toEqual([]);
    expect(out.records.map((r) => r.path)).toEqual([`namespaces/${NS}/pods/kcm-1/kcm/current.log`]);
    const log = out.records[0]!.text;
    expect(log).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z E Internal error occurred: error resolving resource apps\/v1\n$/);
    expect(out.warnings).toEqual([`not found any data for the container cert-syncer in the Pod kcm-1 in the ${NS} namespace`]);
    const requests = logRequests(since);
    expect(requests.map((r) => r.path).sort()).toEqual([`/api/v1/namespaces/${NS}/pods/kcm-1/log`, `/api/v1/namespaces/${NS}/pods/kcm-1/log`]);
    for (const r of requests) {
      expect(Object.fromEntries(new URLSearchParams(r.query))).toMatchObject({ sinceSeconds: String(RAPID_LOGS_SINCE_SECONDS), timestamps: 'true' });
    }
  });

  it('reads each container once for several requests on one namespace and regex, keeping lines any of them asks for', async () => {
    env.add(runningPod({ namespace: NS, name: 'api-0', containers: ['server', 'audit'] }));
    setLog('api-0', 'server', [at(HOUR, 'alpha happened'), at(HOUR, 'beta happened'), at(HOUR, 'gamma happened')]);
    setLog('api-0', 'audit', [at(HOUR, 'gamma audit'), at(HOUR, 'ALPHA audit')]);
    const since = env.sim.requests.length;
    const out = await gather([
      { namespace: NS, pod_name_regex: 'api-.*', messages: ['alpha'] },
      { namespace: NS, pod_name_regex: 'api-.*', messages: ['beta', '(?i)ALPHA AUDIT'] },
    ]);
    expect(out).toMatchObject({ errors: [], warnings: [] });
    expect(logRequests(since).map((r) => new URLSearchParams(r.query).get('container')).sort()).toEqual(['audit', 'server']);
    expect(Object.fromEntries(out.records.map((r) => [r.path, texts(r.text)]))).toEqual({
      [`namespaces/${NS}/pods/api-0/server/current.log`]: ['alpha happened', 'beta happened'],
      [`namespaces/${NS}/pods/api-0/audit/current.log`]: ['ALPHA audit'],
    });
  });

  it('honours previous: the previous instance goes to previous.log, beside a current read for another request', async () => {
    env.add(runningPod({ namespace: NS, name: 'op-0', containers: ['operator'] }));
    setLog('op-0', 'operator', [at(HOUR, 'panic: now')]);
    setLog('op-0', 'operator', [at(2 * HOUR, 'panic: runtime error: invalid memory address')], true);
    const out = await gather([
      { namespace: NS, pod_name_regex: '^op-', messages: ['panic'], previous: true },
      { namespace: NS, pod_name_regex: '^op-', messages: ['panic'] },
    ]);
    expect(out).toMatchObject({ errors: [], warnings: [] });
    expect(Object.fromEntries(out.records.map((r) => [r.path, texts(r.text)]))).toEqual({
      [`namespaces/${NS}/pods/op-0/operator/previous.log`]: ['panic: runtime error: invalid memory address'],
      [`namespaces/${NS}/pods/op-0/operator/current.log`]: ['panic: now'],
    });
  });

  it('runs a catastrophic-backtracking pattern in linear time: correct matches on a long line of a\'s ending in b', async () => {
    env.add(runningPod({ namespace: NS, name: 'evil-0', containers: ['c'] }));
    setLog('evil-0', 'c', [at(HOUR, `${'a'.repeat(50_000)}b`), at(HOUR, 'aaaa'), at(HOUR, 'ab')]);
    const out = await gather([{ namespace: NS, pod_name_regex: '(e+)+vil', messages: ['(a+)+$'] }]);
    expect(out).toMatchObject({ errors: [], warnings: [] });
    expect(out.records.map((r) => [r.path, texts(r.text)])).toEqual([[`namespaces/${NS}/pods/evil-0/c/current.log`, ['aaaa']]]);
  });

  it('warns when a pod-name regex matches no pod, and when a previous log does not exist', async () => {
    env.add(runningPod({ namespace: NS, name: 'fresh-0', containers: ['c'] }));
    setLog('fresh-0', 'c', [at(HOUR, 'error')]);
    const out = await gather([
      { namespace: NS, pod_name_regex: '^nothing-matches-this$', messages: ['error'] },
      { namespace: NS, pod_name_regex: '^fresh-', messages: ['error'], previous: true },
    ]);
    expect(out.errors).toEqual([]);
    expect(out.records).toEqual([]);
    expect(out.warnings).toEqual([
      `not found any data for the Pod name regex "^nothing-matches-this$" in the ${NS} namespace: no pod matches it`,
      `not found any data for the previous container c in the Pod fresh-0 in the ${NS} namespace`,
    ]);
  });

  it('gathers several namespaces and reads only the pods of the namespace each request names', async () => {
    env.add(runningPod({ namespace: NS, name: 'x-0', containers: ['c'] }), runningPod({ namespace: 'openshift-test-rapid-2', name: 'x-0', containers: ['c'] }));
    setLog('x-0', 'c', [at(HOUR, 'hit one')]);
    setLog('x-0', 'c', [at(HOUR, 'hit two')], false, 'openshift-test-rapid-2');
    const out = await gather([
      { namespace: 'openshift-test-rapid-2', pod_name_regex: 'x', messages: ['hit'] },
      { namespace: NS, pod_name_regex: 'x', messages: ['one'] },
    ]);
    expect(out.records.map((r) => [r.path, texts(r.text)])).toEqual([
      ['namespaces/openshift-test-rapid-2/pods/x-0/c/current.log', ['hit two']],
      [`namespaces/${NS}/pods/x-0/c/current.log`, ['hit one']],
    ]);
  });

  it('works with exactly its declared permissions, and reports a refused listing without them', async () => {
    env.add(runningPod({ namespace: NS, name: 'rb-0', containers: ['c'] }));
    setLog('rb-0', 'c', [at(HOUR, 'needle')]);
    const request = [{ namespace: NS, pod_name_regex: 'rb', messages: ['needle'] }];
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, rapidContainerLogs.permissions, 'test-rapid-logs');
    expect((await gather(request, kube)).records.map((r) => r.path)).toEqual([`namespaces/${NS}/pods/rb-0/c/current.log`]);
    const none = await connectWithDeclaredPermissions(env.sim, env.connect, [], 'test-rapid-logs-none');
    const denied = await gather(request, none);
    expect(denied.records).toEqual([]);
    expect(denied.errors).toEqual([expect.stringMatching(new RegExp(`^failed to get matching pod names for namespace ${NS}: .*forbidden`))]);
  });
});
