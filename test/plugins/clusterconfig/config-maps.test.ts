import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { configMaps } from '../../../plugins/clusterconfig/config-maps.ts';
import { KubeApiError } from '../../../plugin-api/errors.ts';
import type { KubeClient } from '../../../plugin-api/kube.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { describeDeclaredPermissions } from './declared-permissions-check.ts';
import { SAMPLE_FIXTURE, useSampleCluster } from './setup.ts';

const DIR = 'config/configmaps';
const INSTALL_CONFIG = `${DIR}/kube-system/cluster-config-v1/install-config`;
const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');
const x = (s: string): string => 'x'.repeat(Buffer.byteLength(s));

function configMap(namespace: string, name: string, data?: Record<string, string>, binaryData?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, ...(data ? { data } : {}), ...(binaryData ? { binaryData } : {}) };
}

function pem(body: string, type = 'CERTIFICATE'): string {
  return `-----BEGIN ${type}-----\n${body}\n-----END ${type}-----\n`;
}
const ANONYMIZED = pem('ANONYMIZED');

/** The real client, except that ConfigMap calls matching `when` fail with `status`. */
function failingConfigMaps(kube: KubeClient, status: number, when: { list?: boolean; getName?: string }): KubeClient {
  const fail = (): KubeApiError => new KubeApiError('configmaps: injected', status);
  return {
    get: async (type, name, namespace) => {
      if (type.kind === 'ConfigMap' && name === when.getName) throw fail();
      return kube.get(type, name, namespace);
    },
    list: (type, options) => {
      if (type.kind !== 'ConfigMap' || !when.list) return kube.list(type, options);
      return (async function* () {
        throw fail();
      })();
    },
    discover: (group, resourceOrKind) => kube.discover(group, resourceOrKind),
    logs: (namespace, pod, options) => kube.logs(namespace, pod, options),
    nodeLogs: (node, options) => kube.nodeLogs(node, options),
    serviceProxy: (namespace, service, options) => kube.serviceProxy(namespace, service, options),
  };
}

async function sampleConfigMapFiles(): Promise<string[]> {
  const root = join(SAMPLE_FIXTURE, DIR);
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(SAMPLE_FIXTURE, join(e.parentPath, e.name)).split(sep).join('/')).sort();
}

describe('clusterconfig/config_maps', () => {
  const env = useSampleCluster({ fixture: 'sample' });
  const replaced: KubeObject[] = [];
  /** Adds an object, or replaces the sample's, restoring the sample after the test. */
  const put = (o: KubeObject): void => {
    const existing = env.sim.store.get(o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace);
    if (existing === undefined) {
      env.add(o);
    } else {
      replaced.push(existing);
      env.sim.store.add(o);
    }
  };
  const drop = (namespace: string, name: string): void => {
    replaced.push(env.sim.store.get('v1', 'ConfigMap', name, namespace)!);
    env.sim.store.remove('v1', 'ConfigMap', name, namespace);
  };
  afterEach(() => {
    for (const o of replaced.splice(0).reverse()) env.sim.store.add(o);
  });

  it('reproduces every config map file of the sample', async () => {
    const expected = await sampleConfigMapFiles();
    expect(expected).toHaveLength(15);
    const out = await gatherFunction(configMaps, { kube: env.kube });
    expect(out.records.map((r) => r.path).sort()).toEqual(expected);
    for (const path of expected) {
      const sample = await readFile(join(SAMPLE_FIXTURE, path), 'utf8');
      const text = out.byPath.get(path)!.text;
      if (path.endsWith('.json')) expect(JSON.parse(text), path).toEqual(JSON.parse(sample));
      // go-yaml ends its output with a newline; the sample's file lost it.
      else if (path === INSTALL_CONFIG) expect(text).toBe(`${sample}\n`);
      else expect(text, path).toBe(sample);
    }
    expect(out.errors).toEqual([]);
    expect(out.warnings).toEqual([]);
  });

  it('replaces certificate and key bodies in openshift-config values, and base64-encodes binary values', async () => {
    const bundle = `# corp root\n${pem('MIIBzqcanaryRootCA==')}${pem('MIIBzqcanaryIssuing==')}`;
    const binaryPem = Buffer.from(pem('MIIBzqcanaryBinary==', 'RSA PRIVATE KEY'));
    const binary = Buffer.from([0x00, 0xff, 0x10, 0x80, 0x7a, 0x71]);
    put(configMap('openshift-config', 'zz-custom-ca', { 'ca-bundle.crt': bundle, note: 'plain text' }, { 'key.pem': b64(binaryPem), 'blob.bin': b64(binary) }));
    const out = await gatherFunction(configMaps, { kube: env.kube });
    const at = (key: string): string => out.byPath.get(`${DIR}/openshift-config/zz-custom-ca/${key}`)!.text;
    for (const r of out.records) {
      expect(r.text).not.toContain('zqcanary');
      expect(Buffer.from(r.text, 'base64').toString('latin1')).not.toContain('zqcanary');
    }
    expect(at('ca-bundle.crt')).toBe(`# corp root\n${ANONYMIZED}${ANONYMIZED}`);
    expect(at('note')).toBe('plain text');
    expect(Buffer.from(at('key.pem'), 'base64').toString()).toBe(ANONYMIZED);
    expect(Buffer.from(at('blob.bin'), 'base64')).toEqual(binary);
  });

  it('reads openshift-config page by page', async () => {
    for (let i = 0; i < 520; i++) put(configMap('openshift-config', `zz-bulk-${String(i).padStart(3, '0')}`, { k: String(i) }));
    const before = env.sim.requests.length;
    const out = await gatherFunction(configMaps, { kube: env.kube });
    expect(out.byPath.get(`${DIR}/openshift-config/zz-bulk-519/k`)!.text).toBe('519');
    const pages = env.sim.requests.slice(before).filter((r) => r.path === '/api/v1/namespaces/openshift-config/configmaps');
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const page of pages) expect(new URLSearchParams(page.query).get('limit')).toBeTruthy();
    expect(new URLSearchParams(pages[1]!.query).get('continue')).toBeTruthy();
  });

  it('converts the monitoring and gateway-mode configs from YAML to JSON the way go-yaml reads YAML', async () => {
    put(configMap('openshift-monitoring', 'cluster-monitoring-config', {
      'config.yaml': 'prometheusK8s:\n  retention: 15d\n  volumeClaimTemplate:\n    spec:\n      resources: {requests: {storage: 40Gi}}\nenableUserWorkload: yes\nalertmanagerMain:\n  enabled: off\n  "10": a\n  "9": b\n  when: 2024-01-02\n  mode: 0644\n',
      'other': '- a\n- 1.5\n- null\n',
    }));
    put(configMap('openshift-network-operator', 'gateway-mode-config', { mode: 'shared' }));
    const out = await gatherFunction(configMaps, { kube: env.kube });
    // Keys sorted as Go sorts map keys; YAML 1.1 booleans and octal; timestamps stay text.
    expect(out.byPath.get(`${DIR}/openshift-monitoring/cluster-monitoring-config/config.json`)!.text).toBe(
      '{"alertmanagerMain":{"10":"a","9":"b","enabled":false,"mode":420,"when":"2024-01-02"},"enableUserWorkload":true,'
      + '"prometheusK8s":{"retention":"15d","volumeClaimTemplate":{"spec":{"resources":{"requests":{"storage":"40Gi"}}}}}}',
    );
    expect(out.byPath.get(`${DIR}/openshift-monitoring/cluster-monitoring-config/other.json`)!.text).toBe('["a",1.5,null]');
    expect(out.byPath.get(`${DIR}/openshift-network-operator/gateway-mode-config/mode.json`)!.text).toBe('"shared"');
    expect(out.errors).toEqual([]);
  });

  it('drops a whole converted ConfigMap when one of its values is not YAML, reports it and goes on', async () => {
    put(configMap('openshift-monitoring', 'cluster-monitoring-config', { 'a.yaml': 'fine: true', 'config.yaml': 'broken: [unclosed' }));
    const out = await gatherFunction(configMaps, { kube: env.kube });
    expect(out.records.some((r) => r.path.includes('cluster-monitoring-config'))).toBe(false);
    expect(out.errors).toEqual([expect.stringContaining('invalid YAML')]);
    expect(out.byPath.has(`${DIR}/openshift-network-operator/gateway-mode-config/mode.json`)).toBe(true);
    expect(out.byPath.has(INSTALL_CONFIG)).toBe(true);
  });

  it("records the insights operator's configuration as its typed form, with the proxy masked", async () => {
    const proxy = { httpProxy: 'http://zqcanary:pw@proxy.corp:3128', httpsProxy: 'https://zqcanary:pw@proxy.corp:3129', noProxy: '.zqcanary.corp,10.0.0.0/8' };
    put(configMap('openshift-insights', 'insights-config', {
      'config.yaml': [
        'dataReporting:',
        '  interval: 4h',
        '  obfuscation: [networking, workload_names]',
        '  unknownSetting: zqcanary-unknown',
        '  StoragePath: /var/lib/x',
        'alerting:',
        '  disabled: true',
        'sca:',
        '  interval: 8',
        'proxy:',
        `  httpProxy: ${proxy.httpProxy}`,
        `  httpsProxy: ${proxy.httpsProxy}`,
        `  noProxy: ${proxy.noProxy}`,
        'extraSection: {a: zqcanary}',
      ].join('\n'),
    }));
    const out = await gatherFunction(configMaps, { kube: env.kube });
    const text = out.byPath.get(`${DIR}/openshift-insights/insights-config/config.json`)!.text;
    expect(text).not.toContain('zqcanary');
    expect(text).toBe(JSON.stringify({
      dataReporting: { interval: '4h', storagePath: '/var/lib/x', obfuscation: ['networking', 'workload_names'] },
      alerting: { disabled: 'true' },
      sca: { interval: '8' },
      clusterTransfer: {},
      proxy: { httpProxy: x(proxy.httpProxy), httpsProxy: x(proxy.httpsProxy), noProxy: x(proxy.noProxy) },
    }));
  });

  it('reports an insights-config it cannot read and goes on', async () => {
    put(configMap('openshift-insights', 'insights-config', { 'config.yaml': 'dataReporting: [not, a, section]' }));
    const out = await gatherFunction(configMaps, { kube: env.kube });
    expect(out.byPath.has(`${DIR}/openshift-insights/insights-config/config.json`)).toBe(false);
    expect(out.errors).toEqual([expect.stringContaining('dataReporting')]);
    expect(out.byPath.has(INSTALL_CONFIG)).toBe(true);
  });

  it('anonymizes the install-config: SSH key, pull secret, base domain, platform locations and every credential', async () => {
    const c = {
      sshKey: 'ssh-ed25519 AAAAC3zqcanarykey user@zqcanary', pullSecret: '{"auths":{"zqcanary.io":{"auth":"zqcanary"}}}', baseDomain: 'zqcanary.example.com',
      fenceHost: 'zqcanary-bmc-0', fenceUser: 'zqcanary-admin', fencePass: 'zqcanary-pw', fenceAddr: 'redfish+https://zqcanary-bmc/1',
      awsRegion: 'zqcanary-east-1', bmcUser: 'zqcanary-bmcuser', bmcPass: 'zqcanary-bmcpass', bmcAddr: 'ipmi://zqcanary-ipmi',
      gcpRegion: 'zqcanary-central1', gcpProject: 'zqcanary-project', gcpDnsProject: 'zqcanary-dns-project',
      vsDatacenter: 'zqcanary-dc', vsUser: 'zqcanary@vsphere.local', vsPass: 'zqcanary-vspass', vsOldUser: 'zqcanary-olduser', vsOldPass: 'zqcanary-oldpass',
      osCloud: 'zqcanary-cloud', httpProxy: 'http://zqcanary:pw@proxy:3128', noProxy: '.zqcanary.corp',
    };
    const installConfig = {
      apiVersion: 'v1',
      baseDomain: c.baseDomain,
      sshKey: c.sshKey,
      pullSecret: c.pullSecret,
      additionalTrustBundle: pem('MIIBzqcanaryTrust=='),
      proxy: { httpProxy: c.httpProxy, noProxy: c.noProxy },
      metadata: { name: 'prod', creationTimestamp: null },
      controlPlane: { name: 'master', replicas: 3, fencing: { credentials: [{ hostname: c.fenceHost, username: c.fenceUser, password: c.fencePass, address: c.fenceAddr }] } },
      compute: [{ name: 'worker', replicas: 2, platform: {} }],
      platform: {
        aws: { region: c.awsRegion },
        baremetal: { hosts: [{ name: 'h0', role: 'master', bmc: { username: c.bmcUser, password: c.bmcPass, address: c.bmcAddr, disableCertificateVerification: true }, bootMACAddress: '52:54:00:00:00:01' }] },
        gcp: { region: c.gcpRegion, projectID: c.gcpProject, dns: { privateZone: { projectID: c.gcpDnsProject, name: 'zone' } } },
        vsphere: {
          username: c.vsOldUser, password: c.vsOldPass,
          failureDomains: [{ name: 'fd', region: 'r', zone: 'z', server: 'vc', topology: { datacenter: c.vsDatacenter, datastore: '/dc/ds' } }],
          vcenters: [{ server: 'vc', user: c.vsUser, password: c.vsPass, datacenters: ['dc'] }],
        },
        openstack: { cloud: c.osCloud },
      },
      networking: { networkType: 'OVNKubernetes', machineNetwork: [{ cidr: '10.0.0.0/16' }] },
      publish: 'External',
    };
    put(configMap('kube-system', 'cluster-config-v1', { 'install-config': JSON.stringify(installConfig), 'other-key': 'zqcanary-not-collected' }));
    const out = await gatherFunction(configMaps, { kube: env.kube });
    for (const r of out.records) expect(r.text).not.toContain('zqcanary');
    const text = out.byPath.get(INSTALL_CONFIG)!.text;
    const written = parseYaml(text);
    expect(written).toEqual({
      ...installConfig,
      baseDomain: x(c.baseDomain),
      sshKey: x(c.sshKey),
      pullSecret: x(c.pullSecret),
      additionalTrustBundle: ANONYMIZED,
      proxy: { httpProxy: 'xxxx://xxxxxxxx:xxxxxxxx:xxxx', noProxy: '.xxxxxxxx.xxxx' },
      controlPlane: { ...installConfig.controlPlane, fencing: { credentials: [{ hostname: x(c.fenceHost), username: x(c.fenceUser), password: x(c.fencePass), address: x(c.fenceAddr) }] } },
      platform: {
        aws: { region: x(c.awsRegion) },
        baremetal: { hosts: [{ ...installConfig.platform.baremetal.hosts[0], bmc: { username: x(c.bmcUser), password: x(c.bmcPass), address: x(c.bmcAddr), disableCertificateVerification: true } }] },
        gcp: { region: x(c.gcpRegion), projectID: x(c.gcpProject), dns: { privateZone: { projectID: x(c.gcpDnsProject), name: 'zone' } } },
        vsphere: {
          username: x(c.vsOldUser), password: x(c.vsOldPass),
          failureDomains: [{ name: 'fd', region: 'r', zone: 'z', server: 'vc', topology: { datacenter: x(c.vsDatacenter), datastore: '/dc/ds' } }],
          vcenters: [{ server: 'vc', user: x(c.vsUser), password: x(c.vsPass), datacenters: ['dc'] }],
        },
        openstack: { cloud: x(c.osCloud) },
      },
    });
    // go-yaml's layout: keys sorted, lists not indented under their key, literal blocks for multi-line text.
    expect(text.startsWith('additionalTrustBundle: |\n  -----BEGIN CERTIFICATE-----\n  ANONYMIZED\n  -----END CERTIFICATE-----\napiVersion: v1\n')).toBe(true);
    expect(text).toContain('\ncompute:\n- name: worker\n  platform: {}\n  replicas: 2\n');
    expect(text).toContain('\n  creationTimestamp: null\n');
  });

  it('records an empty install-config when cluster-config-v1 has none, as the original does', async () => {
    put(configMap('kube-system', 'cluster-config-v1', { other: 'x' }));
    const out = await gatherFunction(configMaps, { kube: env.kube });
    expect(out.byPath.get(INSTALL_CONFIG)!.text).toBe('');
  });

  it('writes nothing and reports no error for the optional ConfigMaps that do not exist', async () => {
    drop('openshift-monitoring', 'cluster-monitoring-config');
    drop('openshift-network-operator', 'gateway-mode-config');
    drop('openshift-insights', 'insights-config');
    drop('kube-system', 'cluster-config-v1');
    const out = await gatherFunction(configMaps, { kube: env.kube });
    expect(out.records.length).toBeGreaterThan(0);
    expect(out.records.every((r) => r.path.startsWith(`${DIR}/openshift-config/`))).toBe(true);
    expect(out.errors).toEqual([]);
  });

  it('reports a failure to list openshift-config and still collects the other ConfigMaps', async () => {
    const out = await gatherFunction(configMaps, { kube: failingConfigMaps(env.kube, 403, { list: true }) });
    expect(out.errors).toEqual(['configmaps: injected']);
    expect(out.records.some((r) => r.path.startsWith(`${DIR}/openshift-config/`))).toBe(false);
    expect(out.byPath.has(INSTALL_CONFIG)).toBe(true);
    expect(out.byPath.has(`${DIR}/openshift-insights/insights-config/config.json`)).toBe(true);
  });

  it('reports a failure to read one ConfigMap and still collects the others', async () => {
    const out = await gatherFunction(configMaps, { kube: failingConfigMaps(env.kube, 500, { getName: 'cluster-config-v1' }) });
    expect(out.errors).toEqual(['configmaps: injected']);
    expect(out.byPath.has(INSTALL_CONFIG)).toBe(false);
    expect(out.byPath.has(`${DIR}/openshift-monitoring/cluster-monitoring-config/config.json`)).toBe(true);
    expect(out.records.some((r) => r.path.startsWith(`${DIR}/openshift-config/`))).toBe(true);
  });
});

describeDeclaredPermissions('config_maps', configMaps, sampleConfigMapFiles);
