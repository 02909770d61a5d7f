import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { filterNodeLog, NODE_LOG_KEPT_LINES, nodeLogs } from '../../../plugins/clusterconfig/node-logs.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { describeDeclaredPermissions } from './declared-permissions-check.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { SAMPLE_FIXTURE, useSampleCluster } from './setup.ts';

/** The sample's one node journal excerpt (its node is made by the simulator: the sample has no file for it). */
const SAMPLE_NODE = 'ip-10-0-135-228.us-east-2.compute.internal';
const SAMPLE_PATH = `config/node/logs/${SAMPLE_NODE}.log`;

function node(name: string, roles: string[], ready = 'True'): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: Object.fromEntries(roles.map((r) => [`node-role.kubernetes.io/${r}`, ''])) },
    status: { conditions: [{ type: 'Ready', status: ready }], addresses: [{ type: 'InternalIP', address: '10.0.0.9' }] },
  };
}

/** A kubelet journal entry as journalctl prints it. */
const entry = (n: number, text: string): string => `Nov 10 14:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}.000001 host kubenswrapper[2296]: ${text}`;
const klog = (severity: string, n: number, text: string): string => entry(n, `${severity}1110 14:00:00.000001    2296 file.go:1] ${text}`);

describe('clusterconfig/node_logs', () => {
  const env = useSampleCluster();
  const journals: string[] = [];
  const setJournal = (name: string, lines: string[]): void => {
    env.sim.logs.nodes.set(name, 'kubelet', lines);
    journals.push(name);
  };
  afterEach(() => {
    for (const name of journals.splice(0)) env.sim.logs.nodes.delete(name, 'kubelet');
  });

  it("writes the sample's node journal excerpt at its sample path, byte for byte, through the node proxy", async () => {
    const before = env.sim.requests.length;
    const out = await gatherFunction(nodeLogs, { kube: env.kube });
    // The sample's own master has an empty journal in the simulator: nothing matches, nothing is written.
    expect(out.records.map((r) => r.path)).toEqual([SAMPLE_PATH]);
    expect(out.byPath.get(SAMPLE_PATH)!.text).toBe(await readFile(join(SAMPLE_FIXTURE, SAMPLE_PATH), 'utf8'));
    expect(out.errors).toEqual([]);
    const proxied = env.sim.requests.slice(before).filter((r) => r.path.includes('/proxy/'));
    expect(proxied.map((r) => [r.path, Object.fromEntries(new URLSearchParams(r.query))])).toEqual(
      ['master-0.imeixner20210707.lab.upshift.rdu2.redhat.com', SAMPLE_NODE].sort().map((n) => [`/api/v1/nodes/${n}/proxy/logs/`, { query: 'kubelet', tailLines: '1000' }]),
    );
  });

  it('keeps error, fatal and failure lines only, the last 50 of them, in journal order', async () => {
    env.add(node('cp-1', ['control-plane']));
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) {
      if (i % 5 === 0) lines.push(klog('E', i, `"Error syncing pod" n=${i}`));
      else if (i % 5 === 1) lines.push(klog('I', i, `"Probe failed" probeType="Readiness" n=${i}`));
      else if (i % 5 === 2) lines.push(klog('W', i, `"Orphaned pod found" n=${i}`));
      else if (i % 5 === 3) lines.push(klog('I', i, `"SyncLoop UPDATE" n=${i}`));
      else lines.push(i === 299 ? klog('F', i, 'fatal n=299') : entry(i, `I1110 14:00:00.000001    2296 prober.go:1] interesting pod: Readiness probe status=failure n=${i}`));
    }
    setJournal('cp-1', lines);
    const out = await gatherFunction(nodeLogs, { kube: env.kube });
    const kept = out.byPath.get('config/node/logs/cp-1.log')!.text.split('\n');
    expect(kept.pop()).toBe('');
    const expected = lines.filter((_, i) => i % 5 !== 2 && i % 5 !== 3).slice(-NODE_LOG_KEPT_LINES);
    expect(kept).toEqual(expected);
    expect(kept.at(-1)).toMatch(/F1110 .*fatal n=299$/);
  });

  it('reads only the last 1000 journal lines: errors older than those are not seen', async () => {
    env.add(node('cp-2', ['master']));
    setJournal('cp-2', [...Array.from({ length: 10 }, (_, i) => klog('E', i, 'old error')), ...Array.from({ length: 1000 }, (_, i) => klog('I', i, 'routine'))]);
    const out = await gatherFunction(nodeLogs, { kube: env.kube });
    expect(out.records.map((r) => r.path)).not.toContain('config/node/logs/cp-2.log');
    setJournal('cp-2', [...Array.from({ length: 10 }, (_, i) => klog('E', i, 'old error')), ...Array.from({ length: 999 }, (_, i) => klog('I', i, 'routine'))]);
    const again = await gatherFunction(nodeLogs, { kube: env.kube });
    expect(again.byPath.get('config/node/logs/cp-2.log')!.text).toBe(`${klog('E', 9, 'old error')}\n`);
  });

  it('reads control-plane nodes by either role label, once each, and never workers', async () => {
    env.add(node('both-1', ['master', 'control-plane']), node('worker-9', ['worker']), node('infra-9', ['infra', 'worker']));
    for (const name of ['both-1', 'worker-9', 'infra-9']) setJournal(name, [klog('E', 1, `error on ${name}`)]);
    const before = env.sim.requests.length;
    const out = await gatherFunction(nodeLogs, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toContain('config/node/logs/both-1.log');
    expect(out.records.map((r) => r.path).filter((p) => /worker-9|infra-9/.test(p))).toEqual([]);
    expect(env.sim.requests.slice(before).filter((r) => r.path.includes('/nodes/both-1/proxy/'))).toHaveLength(1);
  });

  it('reports a node whose kubelet cannot be reached, and still reads the others', async () => {
    env.add(node('cp-down', ['master'], 'Unknown'));
    const out = await gatherFunction(nodeLogs, { kube: env.kube });
    expect(out.errors).toEqual([expect.stringMatching(/^unable to read the kubelet journal of node cp-down: error trying to reach service: dial tcp 10\.0\.0\.9:10250/)]);
    expect(out.records.map((r) => r.path)).toContain(SAMPLE_PATH);
  });

  it('without nodes/proxy, each node is reported as forbidden and nothing is written', async () => {
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, [{ resource: 'nodes', verbs: ['list'] }], 'test-node-logs-no-proxy');
    const out = await gatherFunction(nodeLogs, { kube });
    expect(out.records).toEqual([]);
    expect(out.errors).toHaveLength(2);
    for (const e of out.errors) expect(e).toMatch(/cannot get resource "nodes\/proxy" in API group "" at the cluster scope/);
  });
});

describe('clusterconfig/node_logs on an empty cluster', () => {
  const env = useSampleCluster({});

  it('writes nothing and reports nothing', async () => {
    const out = await gatherFunction(nodeLogs, { kube: env.kube });
    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([]);
  });
});

describe('clusterconfig/node_logs on a generated cluster', () => {
  const env = useSampleCluster({ scale: 'small' });

  it("writes each control-plane node's kubelet errors and probe failures, and no routine line", async () => {
    const masters = env.sim.store.list('v1', 'Node').filter((n) => n.metadata.labels?.['node-role.kubernetes.io/master'] !== undefined).map((n) => n.metadata.name);
    expect(masters.length).toBeGreaterThan(0);
    const out = await gatherFunction(nodeLogs, { kube: env.kube });
    expect(out.records.map((r) => r.path).sort()).toEqual(masters.map((m) => `config/node/logs/${m}.log`).sort());
    for (const r of out.records) {
      const lines = r.text.split('\n').slice(0, -1);
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(lines.some((l) => / E\d{4} /.test(l))).toBe(true);
      for (const l of lines) expect(l).toMatch(/ kubenswrapper\[\d+\]: (E\d{4} |I\d{4} .*"Probe failed")/);
    }
  });
});

describe('filterNodeLog', () => {
  it('keeps nothing of an empty journal or one without errors', () => {
    expect(filterNodeLog('')).toBe('');
    expect(filterNodeLog(`${klog('I', 1, 'fine')}\n${klog('W', 2, 'careful')}\n`)).toBe('');
  });

  it('takes the klog header, not a word that looks like one inside a message', () => {
    expect(filterNodeLog(`${klog('I', 1, 'image E1110 tag')}\n`)).toBe('');
    expect(filterNodeLog(`${klog('E', 1, 'x')}\n`)).toBe(`${klog('E', 1, 'x')}\n`);
  });
});

describeDeclaredPermissions('node_logs', nodeLogs, [SAMPLE_PATH]);
