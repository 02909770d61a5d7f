import { readdir, writeFile } from 'node:fs/promises';
import { BlockList, isIPv6 } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REDACTIONS_RECORD_NAME } from '../../../core/protect/archive-protection.ts';
import { TRANSLATION_TABLE_KEY, TRANSLATION_TABLE_SECRET } from '../../../core/protect/translation-table-store.ts';
import { TranslationTable } from '../../../core/protect/translation-table.ts';
import { gathersJson, readArchive } from '../../helpers/read-archive.ts';
import type { ArchiveFile } from '../../helpers/read-archive.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { useKubeSim } from '../../sim/kube/harness.ts';

// The small generated cluster's identity (test/sim/kube/scale-identity.ts, seed 1).
const BASE_DOMAIN = 'ocp1.sim.example.com';
const API_HOST = `api.${BASE_DOMAIN}`;
// Known networks: the generated cluster's IPv4 ones, plus the IPv6 ones planted below (dual stack).
const NETWORKS: ReadonlyArray<readonly [string, number]> = [
  ['10.128.0.0', 14], ['172.30.0.0', 16], ['10.0.0.0', 16], ['fd01::', 48], ['fd02::', 112],
];

// Canaries, in canonical text. Cluster ones lie in a known network, external ones in none.
const NODE_IP_NAME = '10.128.7.19';
const CM_IP_NAME = '198.51.100.23';
const KEY_IP_NAME = '10.128.9.9';
const CLUSTER_V4 = [NODE_IP_NAME, KEY_IP_NAME, '10.0.3.77', '10.128.4.4', '172.30.9.9'];
const EXTERNAL_V4 = [CM_IP_NAME, '203.0.113.50', '8.8.4.4'];
const CLUSTER_V6 = ['fd01::7:19', 'fd02::a0b'];
const EXTERNAL_V6 = ['2001:db8:5::10', '2001:db8:abcd::99'];

const CM_NAME = `edge-${CM_IP_NAME}`;
const CM_KEY = `${KEY_IP_NAME}.conf`;
const CM_TEXT = [
  `upstream pods 10.128.4.4:8080 and service 172.30.9.9, machine 10.0.3.77`,
  `resolver 8.8.4.4; public 203.0.113.50/32; cluster CIDR 10.128.0.0/14 stays`,
  `v6 pod fd01::7:19, service [fd02::a0b]:443, outside 2001:db8:abcd::99 and 2001:db8:5::10/128`,
  `api https://${API_HOST}:6443 console https://console-openshift-console.apps.${BASE_DOMAIN}/`,
].join('\n');

function node(name: string, addresses: Array<[string, string]>) {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'node-role.kubernetes.io/worker': '' } },
    spec: { providerID: `aws:///us-east-1a/i-0${name.length}` },
    status: {
      addresses: addresses.map(([type, address]) => ({ type, address })),
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastTransitionTime: '2026-11-24T10:00:00Z' }],
      nodeInfo: { kubeletVersion: 'v1.31.6', machineID: 'm', systemUUID: 's', bootID: 'b' },
    },
  };
}

const kube = await useKubeSim({ scale: 'small' });

function plant(): void {
  const { store } = kube.sim;
  const network = store.get('config.openshift.io/v1', 'Network', 'cluster')!;
  const dual = (part: Record<string, unknown>) => ({
    ...part,
    clusterNetwork: [...(part['clusterNetwork'] as unknown[]), { cidr: 'fd01::/48', hostPrefix: 64 }],
    serviceNetwork: [...(part['serviceNetwork'] as unknown[]), 'fd02::/112'],
  });
  store.add({ ...network, spec: dual(network['spec'] as Record<string, unknown>), status: dual(network['status'] as Record<string, unknown>) });
  store.add(node(API_HOST, [['InternalIP', '10.0.3.77'], ['ExternalIP', '203.0.113.50'], ['InternalIP', 'fd01::7:19'], ['ExternalIP', '2001:db8:5::10'], ['Hostname', API_HOST]]));
  store.add(node(NODE_IP_NAME, [['InternalIP', NODE_IP_NAME], ['Hostname', `worker-7.${BASE_DOMAIN}`]]));
  store.add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: CM_NAME, namespace: 'openshift-config' }, data: { [CM_KEY]: CM_TEXT } });
}

async function gather(config: string): Promise<ArchiveFile[]> {
  const output = await tempDir();
  const run = await runCli(['gather', '--kubeconfig', kube.kubeconfigPath, '--output', output, '--config', config, '--log-level', 'error']);
  expect(run.code, run.stderr).toBe(0);
  const [archive] = (await readdir(output)).filter((n) => n.endsWith('.tar.gz'));
  return readArchive(join(output, archive!));
}

function storedTable(): TranslationTable {
  const secret = kube.sim.store.get('v1', 'Secret', TRANSLATION_TABLE_SECRET.name, TRANSLATION_TABLE_SECRET.namespace);
  expect(secret, 'the translation table secret').toBeDefined();
  const encoded = (secret!['data'] as Record<string, string>)[TRANSLATION_TABLE_KEY]!;
  return TranslationTable.fromJSON(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The address as a whole token: not part of a longer number or address. */
const addressPattern = (ip: string) => (isIPv6(ip) ? new RegExp(`(?<![\\w:])${escape(ip)}(?![\\w:])`) : new RegExp(`(?<![\\d.])${escape(ip)}(?![\\d]|\\.\\d)`));

const known = new BlockList();
for (const [address, prefix] of NETWORKS) known.addSubnet(address, prefix, isIPv6(address) ? 'ipv6' : 'ipv4');
const networkOf = (ip: string) => NETWORKS.find(([address, prefix]) => {
  const one = new BlockList();
  one.addSubnet(address, prefix, isIPv6(address) ? 'ipv6' : 'ipv4');
  return one.check(ip, isIPv6(ip) ? 'ipv6' : 'ipv4');
});

describe('networking obfuscation, end to end through the gather command', () => {
  let first: ArchiveFile[];
  let firstTable: TranslationTable;
  let second: ArchiveFile[];
  let secondTable: TranslationTable;

  beforeAll(async () => {
    plant();
    const config = join(await tempDir(), 'pod.yaml');
    await writeFile(config, 'enableGlobalObfuscation: true\n');
    first = await gather(config);
    firstTable = storedTable();
    second = await gather(config);
    secondTable = storedTable();
  }, 120_000);

  it('leaves no canary address, base domain or API host in any entry, content or name', () => {
    for (const files of [first, second]) {
      for (const file of files) {
        for (const where of [file.name, file.data.toString('latin1')]) {
          for (const ip of [...CLUSTER_V4, ...EXTERNAL_V4, ...CLUSTER_V6, ...EXTERNAL_V6]) {
            expect(addressPattern(ip).test(where), `${ip} in ${file.name}`).toBe(false);
          }
          expect(where.includes(BASE_DOMAIN), `${BASE_DOMAIN} in ${file.name}`).toBe(false);
        }
      }
    }
  });

  it('renames entries: the node named with the API host, the one named with an address, the ConfigMap and its key', () => {
    const names = first.map((f) => f.name);
    const mappedNode = firstTable.lookup(NODE_IP_NAME)!;
    const mappedKey = firstTable.lookup(KEY_IP_NAME)!;
    expect(names).toContain('config/node/<CLUSTER_DOMAIN_HOST>.json');
    expect(names).toContain(`config/node/${mappedNode}.json`);
    expect(names).toContain(`config/configmaps/openshift-config/edge-0.0.0.0/${mappedKey}.conf`);
  });

  it('maps cluster addresses into their own subnet, external ones to 0.0.0.0 or ::, and keeps CIDRs', () => {
    for (const ip of [...CLUSTER_V4, ...CLUSTER_V6]) {
      const mapped = firstTable.lookup(ip);
      expect(mapped, ip).toBeDefined();
      expect(mapped).not.toBe(ip);
      expect(networkOf(mapped!), `${ip} -> ${mapped}`).toEqual(networkOf(ip));
    }
    for (const ip of [...EXTERNAL_V4, ...EXTERNAL_V6]) expect(firstTable.lookup(ip), ip).toBeUndefined();
    const t = (ip: string) => firstTable.lookup(ip)!;
    const file = first.find((f) => f.name === `config/configmaps/openshift-config/edge-0.0.0.0/${t(KEY_IP_NAME)}.conf`)!;
    expect(file.data.toString('utf8')).toBe([
      `upstream pods ${t('10.128.4.4')}:8080 and service ${t('172.30.9.9')}, machine ${t('10.0.3.77')}`,
      'resolver 0.0.0.0; public 0.0.0.0/32; cluster CIDR 10.128.0.0/14 stays',
      `v6 pod ${t('fd01::7:19')}, service [${t('fd02::a0b')}]:443, outside :: and ::/128`,
      'api https://<CLUSTER_DOMAIN_HOST>:6443 console https://console-openshift-console.apps.<CLUSTER_BASE_DOMAIN>/',
    ].join('\n'));
  });

  it('maps every address the same way in two consecutive archives, through the stored table', () => {
    for (const ip of [...CLUSTER_V4, ...CLUSTER_V6]) expect(secondTable.lookup(ip), ip).toBe(firstTable.lookup(ip));
    const names = (files: ArchiveFile[]) => files.map((f) => f.name).filter((n) => !n.startsWith('insights-operator/')).sort();
    expect(names(second)).toEqual(names(first));
    const content = (files: ArchiveFile[], name: string) => files.find((f) => f.name === name)!.data.toString('utf8');
    for (const name of [`config/node/${firstTable.lookup(NODE_IP_NAME)}.json`, 'config/node/<CLUSTER_DOMAIN_HOST>.json']) {
      expect(content(second, name)).toBe(content(first, name));
    }
  });

  it('keeps the translation table out of the archive', () => {
    const secret = kube.sim.store.get('v1', 'Secret', TRANSLATION_TABLE_SECRET.name, TRANSLATION_TABLE_SECRET.namespace)!;
    const encoded = (secret['data'] as Record<string, string>)[TRANSLATION_TABLE_KEY]!;
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    for (const file of [...first, ...second]) {
      const text = file.data.toString('latin1');
      expect(file.name.includes(TRANSLATION_TABLE_SECRET.name) || text.includes(TRANSLATION_TABLE_SECRET.name), file.name).toBe(false);
      expect(text.includes(encoded.slice(0, 40)) || text.includes(decoded.slice(0, 40)), file.name).toBe(false);
    }
  });

  it('says so in gathers.json, and writes the redaction report before it', () => {
    for (const files of [first, second]) {
      expect(gathersJson(files).is_global_obfuscation_enabled).toBe(true);
      expect(files.map((f) => f.name).slice(-2)).toEqual([REDACTIONS_RECORD_NAME, 'insights-operator/gathers.json']);
      const report = JSON.parse(files.find((f) => f.name === REDACTIONS_RECORD_NAME)!.data.toString('utf8')) as { redactions: Array<{ file: string }>; total: number };
      // The report names files as they stand in the archive, obfuscated.
      const names = new Set(files.map((f) => f.name));
      for (const r of report.redactions) expect(names.has(r.file), r.file).toBe(true);
    }
  });
});
