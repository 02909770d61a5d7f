import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVE_NETWORK_FILES, cidrsInText, isKnownNetworkFile, knownNetworksFromArchive, OVN_EGRESS_NETWORK, readKnownNetworks } from '../../../core/protect/known-networks.ts';
import { useKubeSim } from '../../sim/kube/harness.ts';

const SAMPLE = '/work/shared/fixtures/insights-archive-sample';

const INSTALL_CONFIG = `apiVersion: v1
baseDomain: example.com
metadata:
  name: mycluster
networking:
  clusterNetwork:
  - cidr: 10.128.0.0/14
    hostPrefix: 23
  - cidr: fd01::/48
    hostPrefix: 64
  machineNetwork:
  - cidr: 10.0.0.0/16
  serviceNetwork:
  - 172.30.0.0/16
  - fd02::/112
`;

describe('knownNetworksFromArchive', () => {
  it('rebuilds the sample archive networks, base domain and API host', () => {
    const files = new Map<string, Buffer>();
    for (const name of Object.values(ARCHIVE_NETWORK_FILES)) {
      try {
        files.set(name, readFileSync(join(SAMPLE, name)));
      } catch {
        // config/dns.json is not in the sample.
      }
    }
    const known = knownNetworksFromArchive(files);
    expect(known.networks).toEqual(['10.128.0.0/14', '172.30.0.0/16', '10.0.0.0/16', OVN_EGRESS_NETWORK]);
    expect(known.baseDomain).toBe('imeixner20210707.lab.upshift.rdu2.redhat.com');
    expect(known.apiHost).toBe('api.imeixner20210707.lab.upshift.rdu2.redhat.com');
    expect(known.problems).toEqual([]);
  });

  it('prefers etcdDiscoveryDomain, takes HostSubnet egress CIDRs, and lists what is missing', () => {
    const files = new Map<string, Buffer>([
      [ARCHIVE_NETWORK_FILES.infrastructure, Buffer.from(JSON.stringify({ status: { etcdDiscoveryDomain: 'c1.example.org' } }))],
      ['config/hostsubnet/node-a.json', Buffer.from(JSON.stringify({ egressCIDRs: ['10.9.8.0/24'] }))],
    ]);
    const known = knownNetworksFromArchive(files);
    expect(known.baseDomain).toBe('c1.example.org');
    expect(known.networks).toEqual(['10.9.8.0/24']);
    expect(known.apiHost).toBeUndefined();
    expect(known.problems.join('\n')).toMatch(/config\/network\.json is not in the archive[\s\S]*API server host is not known/);
  });

  it('selects only the files it reads', () => {
    expect(isKnownNetworkFile('config/network.json')).toBe(true);
    expect(isKnownNetworkFile('config/hostsubnet/a.json')).toBe(true);
    expect(isKnownNetworkFile('config/node/a.json')).toBe(false);
  });

  it('finds IPv4 and IPv6 CIDRs in text', () => {
    expect(cidrsInText(INSTALL_CONFIG)).toEqual(['10.128.0.0/14', 'fd01::/48', '10.0.0.0/16', '172.30.0.0/16', 'fd02::/112']);
    expect(cidrsInText('version 4.11.0/2 and 12:34:56/7 and 1.2.3.4.5/6')).toEqual([]);
  });
});

const kube = await useKubeSim({});

describe('readKnownNetworks', () => {
  let kc: KubeConfig;
  beforeAll(() => {
    kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
  });

  it('lists what it cannot read and still answers', async () => {
    const known = await readKnownNetworks(kc);
    expect(known.networks).toEqual([OVN_EGRESS_NETWORK]);
    expect(known.baseDomain).toBeUndefined();
    expect(known.problems.join('\n')).toContain('networks.config.openshift.io/cluster cannot be read: HTTP 404');
    expect(known.problems.join('\n')).not.toContain('hostsubnets');
  });

  it('reads the network, DNS and infrastructure configs and the install-config', async () => {
    const { store } = kube.sim;
    store.add({ apiVersion: 'config.openshift.io/v1', kind: 'Network', metadata: { name: 'cluster' }, spec: { clusterNetwork: [{ cidr: '10.128.0.0/14' }], serviceNetwork: ['172.30.0.0/16'], externalIP: { autoAssignCIDRs: ['192.0.2.0/24'], policy: { allowedCIDRs: ['198.51.100.0/24'] } } }, status: { clusterNetwork: [{ cidr: 'fd01::/48' }] } });
    store.add({ apiVersion: 'config.openshift.io/v1', kind: 'DNS', metadata: { name: 'cluster' }, spec: { baseDomain: 'mycluster.example.com' } });
    store.add({ apiVersion: 'config.openshift.io/v1', kind: 'Infrastructure', metadata: { name: 'cluster' }, status: { apiServerURL: 'https://api.mycluster.example.com:6443' } });
    store.add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cluster-config-v1', namespace: 'kube-system' }, data: { 'install-config': INSTALL_CONFIG } });
    const known = await readKnownNetworks(kc);
    expect(known.networks).toEqual(['10.128.0.0/14', '172.30.0.0/16', 'fd01::/48', '192.0.2.0/24', '198.51.100.0/24', '10.0.0.0/16', 'fd02::/112', OVN_EGRESS_NETWORK]);
    expect(known.baseDomain).toBe('mycluster.example.com');
    expect(known.apiHost).toBe('api.mycluster.example.com');
    expect(known.problems).toEqual([]);
  });

  it('falls back to the install-config cluster domain when the DNS config has none', async () => {
    kube.sim.store.add({ apiVersion: 'config.openshift.io/v1', kind: 'DNS', metadata: { name: 'cluster' }, spec: {} });
    expect((await readKnownNetworks(kc)).baseDomain).toBe('mycluster.example.com');
  });
});
