import { describe, expect, it } from 'vitest';
import { operators } from '../../../plugins/clusterconfig/operators.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { expectSameObject, failingFor, readSample, sampleFiles, useSampleCluster } from './setup.ts';

const CO = 'config.openshift.io/v1';
const RELATED_DIRS = ['config/clusteroperator/operator.openshift.io', 'config/clusteroperator/samples.operator.openshift.io'];
// The sample's insights ClusterOperator does not list its InsightsOperator as a related object (the
// archive predates that), so the function cannot reach it from the sample alone; a test below adds it.
const UNREACHABLE_IN_SAMPLE = 'config/clusteroperator/operator.openshift.io/insightsoperator/cluster.json';

function clusterOperator(name: string, relatedObjects: object[]): KubeObject {
  return { apiVersion: CO, kind: 'ClusterOperator', metadata: { name }, spec: {}, status: { relatedObjects } };
}

describe('clusterconfig/operators', () => {
  const env = useSampleCluster({ fixture: 'sample' });

  it('writes every ClusterOperator of the sample and the related operator resources at their sample paths', async () => {
    const operatorFiles = await sampleFiles('config/clusteroperator');
    const relatedFiles = (await Promise.all(RELATED_DIRS.map((d) => sampleFiles(d, { recursive: true })))).flat()
      .filter((p) => p !== UNREACHABLE_IN_SAMPLE);
    expect(operatorFiles.length).toBeGreaterThan(20);
    expect(relatedFiles).toContain('config/clusteroperator/operator.openshift.io/ingresscontroller/openshift-ingress-operator/default.json');

    const out = await gatherFunction(operators, { kube: env.kube });
    expect(out.records.map((r) => r.path).sort()).toEqual([...operatorFiles, ...relatedFiles].sort());
    for (const path of [...operatorFiles, ...relatedFiles]) expectSameObject(out.byPath.get(path)!.text, await readSample(path));
    expect(out.errors).toEqual([]);
    expect(out.warnings).toEqual([]);
  });

  it('leaves the image registry resources to their own functions', async () => {
    // With their CRDs present the resources are resolvable, so only the deliberate skip keeps them out.
    for (const [plural, kind] of [['configs', 'Config'], ['imagepruners', 'ImagePruner']]) {
      env.add({
        apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.imageregistry.operator.openshift.io` },
        spec: { group: 'imageregistry.operator.openshift.io', names: { kind, plural }, scope: 'Cluster', versions: [{ name: 'v1', served: true, storage: true }] },
      });
    }
    const before = env.sim.requests.length;
    const out = await gatherFunction(operators, { kube: env.kube });
    expect(out.records.some((r) => r.path.includes('imageregistry'))).toBe(false);
    expect(env.sim.requests.slice(before).some((r) => r.path.includes('imageregistry'))).toBe(false);
    expect(env.sim.store.get('imageregistry.operator.openshift.io/v1', 'Config', 'cluster')).toBeDefined();
  });

  it('writes each related resource right after its operator, as identity and spec only', async () => {
    const etcdObject = env.sim.store.get('operator.openshift.io/v1', 'Etcd', 'cluster')!;
    env.sim.store.add({ ...etcdObject, status: { readyReplicas: 3 } });
    try {
      const out = await gatherFunction(operators, { kube: env.kube });
      const paths = out.records.map((r) => r.path);
      const at = paths.indexOf('config/clusteroperator/dns.json');
      expect(paths[at + 1]).toBe('config/clusteroperator/operator.openshift.io/dns/default.json');
      const etcd = JSON.parse(out.byPath.get('config/clusteroperator/operator.openshift.io/etcd/cluster.json')!.text);
      expect(Object.keys(etcd)).toEqual(['apiVersion', 'kind', 'name', 'spec']);
    } finally {
      env.sim.store.add(etcdObject);
    }
  });

  it("keeps the InsightsOperator's status", async () => {
    const insights = env.sim.store.get(CO, 'ClusterOperator', 'insights')!;
    const status = insights.status as { relatedObjects: object[] };
    env.sim.store.add({ ...insights, status: { ...status, relatedObjects: [...status.relatedObjects, { group: 'operator.openshift.io', resource: 'insightsoperators', name: 'cluster' }] } });
    try {
      const out = await gatherFunction(operators, { kube: env.kube });
      expectSameObject(out.byPath.get(UNREACHABLE_IN_SAMPLE)!.text, await readSample(UNREACHABLE_IN_SAMPLE));
      expect(JSON.parse(out.byPath.get(UNREACHABLE_IN_SAMPLE)!.text).status.gatherStatus).toBeDefined();
    } finally {
      env.sim.store.add(insights);
    }
  });

  it('drops managedFields from ClusterOperators', async () => {
    const dns = env.sim.store.get(CO, 'ClusterOperator', 'dns')!;
    env.sim.store.add({ ...dns, metadata: { ...dns.metadata, managedFields: [{ manager: 'dns-operator' }] } });
    try {
      const text = (await gatherFunction(operators, { kube: env.kube })).byPath.get('config/clusteroperator/dns.json')!.text;
      expectSameObject(text, await readSample('config/clusteroperator/dns.json'));
    } finally {
      env.sim.store.add(dns);
    }
  });

  it("masks the identity providers' hosts, URLs, DNs, domains and client IDs in the authentication operator's observed config", async () => {
    const path = 'config/clusteroperator/operator.openshift.io/authentication/cluster.json';
    const auth = env.sim.store.get('operator.openshift.io/v1', 'Authentication', 'cluster')!;
    const spec = auth.spec as { observedConfig: { oauthServer: { oauthConfig: Record<string, unknown> } } };
    const canaries = {
      url: 'ldaps://zqcanary-ldap.corp.example:636/ou=users,dc=zqcanary?uid', bindDN: 'cn=zqcanary-bind,dc=corp',
      hostname: 'zqcanary-ghe.corp.example', clientID: 'zqcanary-client-id-0001', hostedDomain: 'zqcanary-corp.example',
      issuer: 'https://zqcanary-sso.corp.example/realms/x', domainName: 'zqcanary-keystone-domain', clientID2: 'zqcanary-client-id-0002',
    };
    const identityProviders = [
      { name: 'ldap', challenge: true, login: true, mappingMethod: 'claim',
        provider: { apiVersion: 'osin.config.openshift.io/v1', kind: 'LDAPPasswordIdentityProvider', url: canaries.url, bindDN: canaries.bindDN, insecure: false } },
      { name: 'ghe', provider: { kind: 'GitHubIdentityProvider', hostname: canaries.hostname, clientID: canaries.clientID, ca: '/var/config/ca.crt' } },
      { name: 'google', provider: { kind: 'GoogleIdentityProvider', clientID: canaries.clientID2, hostedDomain: canaries.hostedDomain } },
      { name: 'oidc', provider: { kind: 'OpenIDIdentityProvider', urls: { authorize: 'https://idp/authorize' }, issuer: canaries.issuer } },
      { name: 'keystone', provider: { kind: 'KeystonePasswordIdentityProvider', domainName: canaries.domainName, useKeystoneIdentity: true } },
      'not-an-object',
    ];
    const withProviders = structuredClone(auth);
    (withProviders.spec as typeof spec).observedConfig.oauthServer.oauthConfig.identityProviders = identityProviders;
    env.sim.store.add(withProviders);
    try {
      const out = await gatherFunction(operators, { kube: env.kube });
      for (const r of out.records) expect(r.text).not.toContain('zqcanary');
      const written = JSON.parse(out.byPath.get(path)!.text);
      const x = (s: string): string => 'x'.repeat(s.length);
      expect(written.spec.observedConfig.oauthServer.oauthConfig.identityProviders).toEqual([
        { ...identityProviders[0] as object, provider: { apiVersion: 'osin.config.openshift.io/v1', kind: 'LDAPPasswordIdentityProvider', url: x(canaries.url), bindDN: x(canaries.bindDN), insecure: false } },
        { name: 'ghe', provider: { kind: 'GitHubIdentityProvider', hostname: x(canaries.hostname), clientID: x(canaries.clientID), ca: '/var/config/ca.crt' } },
        { name: 'google', provider: { kind: 'GoogleIdentityProvider', clientID: x(canaries.clientID2), hostedDomain: x(canaries.hostedDomain) } },
        { name: 'oidc', provider: { kind: 'OpenIDIdentityProvider', urls: { authorize: 'https://idp/authorize' }, issuer: x(canaries.issuer) } },
        { name: 'keystone', provider: { kind: 'KeystonePasswordIdentityProvider', domainName: x(canaries.domainName), useKeystoneIdentity: true } },
        'not-an-object',
      ]);
      // The rest of the observed config is kept as it is.
      expect(written.spec.observedConfig.oauthServer.oauthConfig.loginURL).toBe(spec.observedConfig.oauthServer.oauthConfig.loginURL);
    } finally {
      env.sim.store.add(auth);
    }
  });

  it('finds the kind of a related resource by its plural through discovery', async () => {
    const ref = { group: 'controlplane.operator.openshift.io', resource: 'podnetworkconnectivitychecks', namespace: 'openshift-apiserver', name: 'check-1' };
    env.add(clusterOperator('zz-test', [ref]));
    const path = 'config/clusteroperator/controlplane.operator.openshift.io/podnetworkconnectivitycheck/openshift-apiserver/check-1.json';
    expect((await gatherFunction(operators, { kube: env.kube })).byPath.has(path)).toBe(false);
    env.add({ apiVersion: 'controlplane.operator.openshift.io/v1alpha1', kind: 'PodNetworkConnectivityCheck', metadata: { name: 'check-1', namespace: 'openshift-apiserver' }, spec: { sourcePod: 'a', targetEndpoint: 'b:443' } });
    const out = await gatherFunction(operators, { kube: env.kube });
    expect(JSON.parse(out.byPath.get(path)!.text)).toEqual({
      apiVersion: 'controlplane.operator.openshift.io/v1alpha1', kind: 'PodNetworkConnectivityCheck', name: 'check-1', spec: { sourcePod: 'a', targetEndpoint: 'b:443' },
    });
  });

  it('skips related resources of API groups the cluster does not serve, without an error', async () => {
    env.add(clusterOperator('zz-test', [{ group: 'example.operator.openshift.io', resource: 'widgets', name: 'cluster' }]));
    const before = env.sim.requests.length;
    const out = await gatherFunction(operators, { kube: env.kube });
    expect(out.errors).toEqual([]);
    expect(out.records.filter((r) => r.path.includes('example.operator.openshift.io'))).toEqual([]);
    const groupLookup = env.sim.requests.slice(before).find((r) => r.path === '/apis/example.operator.openshift.io');
    expect(groupLookup?.status).toBe(404);
  });

  it('skips a related resource it may not read, and keeps the others', async () => {
    const out = await gatherFunction(operators, { kube: failingFor(env.kube, 'KubeAPIServer', 403) });
    expect(out.byPath.has('config/clusteroperator/operator.openshift.io/kubeapiserver/cluster.json')).toBe(false);
    expect(out.byPath.has('config/clusteroperator/kube-apiserver.json')).toBe(true);
    expect(out.byPath.has('config/clusteroperator/operator.openshift.io/etcd/cluster.json')).toBe(true);
    expect(out.errors).toEqual([]);
  });

  it('fails when ClusterOperators cannot be listed', async () => {
    await expect(gatherFunction(operators, { kube: await env.connect('wrong') })).rejects.toMatchObject({ statusCode: 401 });
  });
});
