import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useKubeSim } from './harness.ts';
import { loadFixture, SAMPLE_FIXTURE } from './index.ts';
import { grantRules } from './rbac-fixtures.ts';
import { rawRequest } from './test-helpers.ts';

const SAMPLE_NODE = 'ip-10-0-135-228.us-east-2.compute.internal';
const SAMPLE_JOURNAL = `config/node/logs/${SAMPLE_NODE}.log`;
const SAMPLE_LAUNCHER = 'namespaces/default/pods/virt-launcher-example/virt-launcher.json';
const proxy = (node: string, rest = 'logs/'): string => `/api/v1/nodes/${node}/proxy/${rest}`;

describe('the node proxy of a sample-seeded simulator', async () => {
  const kube = await useKubeSim({ fixture: 'sample', rbac: true });

  it("serves the sample's node journal as the kubelet unit of a control-plane node made for it", async () => {
    const res = await rawRequest(kube.sim, proxy(SAMPLE_NODE, 'logs/?query=kubelet'));
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/plain/);
    expect(res.body).toBe(readFileSync(join(SAMPLE_FIXTURE, SAMPLE_JOURNAL), 'utf8'));
    const node = kube.sim.store.get('v1', 'Node', SAMPLE_NODE)!;
    expect(node.metadata.labels).toMatchObject({ 'node-role.kubernetes.io/master': '', 'node-role.kubernetes.io/control-plane': '' });
    // Other units of the node, and the nodes the archive has no journal of, have empty journals.
    expect((await rawRequest(kube.sim, proxy(SAMPLE_NODE, 'logs/?query=crio'))).body).toBe('');
    expect((await rawRequest(kube.sim, proxy('master-0.imeixner20210707.lab.upshift.rdu2.redhat.com', 'logs/?query=kubelet'))).body).toBe('');
  });

  it('serves the last tailLines entries; checks its parameters as the kubelet does', async () => {
    const lines = readFileSync(join(SAMPLE_FIXTURE, SAMPLE_JOURNAL), 'utf8').split('\n').slice(0, -1);
    expect((await rawRequest(kube.sim, proxy(SAMPLE_NODE, 'logs/?query=kubelet&tailLines=2'))).body).toBe(`${lines.slice(-2).join('\n')}\n`);
    expect((await rawRequest(kube.sim, proxy(SAMPLE_NODE, 'logs/?query=kubelet&tailLines=0'))).body).toBe('');
    expect((await rawRequest(kube.sim, proxy(SAMPLE_NODE, 'logs/?query=kubelet&tailLines=-1'))).status).toBe(400);
    expect((await rawRequest(kube.sim, proxy(SAMPLE_NODE, 'logs/?query=../../etc/shadow'))).status).toBe(400);
    expect((await rawRequest(kube.sim, proxy(SAMPLE_NODE, 'logs/'))).body).toMatch(/^<pre>\n<a href="journal\/">/);
    expect((await rawRequest(kube.sim, proxy(SAMPLE_NODE, 'logs/messages'))).status).toBe(404);
    expect((await rawRequest(kube.sim, proxy(SAMPLE_NODE, 'healthz'))).body).toBe('ok');
    expect((await rawRequest(kube.sim, proxy(SAMPLE_NODE, 'logs/?query=kubelet'), { method: 'POST' })).status).toBe(405);
  });

  it("answers 404 for a node that does not exist and 503 when the node's kubelet cannot be reached", async () => {
    const missing = await rawRequest(kube.sim, proxy('no-such-node', 'logs/?query=kubelet'));
    expect([missing.status, missing.json()['message']]).toEqual([404, 'nodes "no-such-node" not found']);
    kube.sim.store.add({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'gone-dark' }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }], addresses: [{ type: 'InternalIP', address: '10.0.0.7' }] } });
    try {
      const down = await rawRequest(kube.sim, proxy('gone-dark', 'logs/?query=kubelet'));
      expect([down.status, down.json()['reason'], down.json()['message']]).toEqual([503, 'ServiceUnavailable', 'error trying to reach service: dial tcp 10.0.0.7:10250: connect: connection refused']);
    } finally {
      kube.sim.store.remove('v1', 'Node', 'gone-dark');
    }
  });

  it('authorizes get on nodes/proxy, as kube-apiserver does', async () => {
    const token = 'node-log-reader-token';
    kube.sim.addToken(token, { user: 'node-log-reader' });
    grantRules(kube.sim.store, 'node-log-reader', [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] }]);
    const refused = await rawRequest(kube.sim, proxy(SAMPLE_NODE, 'logs/?query=kubelet'), { token });
    expect(refused.status).toBe(403);
    expect(refused.json()['message']).toBe(`nodes "${SAMPLE_NODE}" is forbidden: User "node-log-reader" cannot get resource "nodes/proxy" in API group "" at the cluster scope`);
    grantRules(kube.sim.store, 'node-log-reader', [{ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] }]);
    expect((await rawRequest(kube.sim, proxy(SAMPLE_NODE, 'logs/?query=kubelet'), { token })).status).toBe(200);
  });

  it("serves the sample's QEMU command line as the compute log of a virt-launcher pod made for it", async () => {
    const pods = await rawRequest(kube.sim, '/api/v1/pods?labelSelector=kubevirt.io%3Dvirt-launcher');
    const items = pods.json<{ items: Array<{ metadata: { name: string; namespace: string; labels: Record<string, string> } }> }>().items;
    expect(items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(['default/virt-launcher-example']);
    expect(items[0]!.metadata.labels['vm.kubevirt.io/name']).toBe('centos-stream10-gray-skunk-52');
    const log = await rawRequest(kube.sim, '/api/v1/namespaces/default/pods/virt-launcher-example/log?container=compute');
    expect(log.body).toBe(`${readFileSync(join(SAMPLE_FIXTURE, SAMPLE_LAUNCHER), 'utf8')}\n`);
    expect((await rawRequest(kube.sim, '/api/v1/namespaces/default')).status).toBe(200);
  });

  it('lists what it made in adjusted, and the journal and the log as such', async () => {
    const seed = await loadFixture(SAMPLE_FIXTURE);
    expect(seed.journals.map((j) => [j.path, j.node, j.unit])).toEqual([[SAMPLE_JOURNAL, SAMPLE_NODE, 'kubelet']]);
    expect(seed.logs.filter((l) => l.path === SAMPLE_LAUNCHER).map((l) => [l.namespace, l.pod, l.container])).toEqual([['default', 'virt-launcher-example', 'compute']]);
    expect(seed.adjusted.filter((a) => a.path === SAMPLE_JOURNAL || a.path === SAMPLE_LAUNCHER).map((a) => a.note)).toEqual([
      expect.stringMatching(/minimal control-plane node was made for its journal/),
      expect.stringMatching(/virt-launcher pod of VM centos-stream10-gray-skunk-52 was made for its log/),
    ]);
  });
});

describe('node journals of a generated cluster', async () => {
  const kube = await useKubeSim({ scale: 'small' });

  it('has a kubelet journal per node with a few errors among routine lines, the same on every read', async () => {
    const nodes = kube.sim.store.list('v1', 'Node');
    expect(nodes.length).toBeGreaterThan(2);
    for (const { metadata: { name: node, labels } } of nodes) {
      // The journal names the host as the node's hostname label does (the short name).
      const host = labels?.['kubernetes.io/hostname'] ?? node;
      const first = await rawRequest(kube.sim, proxy(node, 'logs/?query=kubelet'));
      const lines = first.body.split('\n').slice(0, -1);
      expect(lines.length).toBeGreaterThanOrEqual(30);
      for (const line of lines) expect(line).toMatch(new RegExp(`^[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} ${host.replaceAll('.', '\\.')} kubenswrapper\\[\\d+\\]: [IWE]\\d{4} `));
      expect(lines.filter((l) => /: E\d{4} /.test(l)).length).toBeGreaterThanOrEqual(1);
      expect(lines.filter((l) => /: I\d{4} /.test(l)).length).toBeGreaterThan(lines.length / 3);
      expect((await rawRequest(kube.sim, proxy(node, 'logs/?query=kubelet'))).body).toBe(first.body);
    }
    expect((await rawRequest(kube.sim, proxy(nodes[0]!.metadata.name, 'logs/?query=crio'))).body).toBe('');
  });
});
