import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { INGRESS_CERTIFICATES_LIMIT, ingressCertificates } from '../../../plugins/clusterconfig/ingress-certificates.ts';
import type { CertificateInfo } from '../../../plugins/clusterconfig/ingress-certificates.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { failingFor, readSample, useSampleCluster } from './setup.ts';

const PATH = 'aggregated/ingress_controllers_certs.json';
const OPERATOR_NS = 'openshift-ingress-operator';
const ROUTER_NS = 'openshift-ingress';
const KEY_MARKER = '-----BEGIN PRIVATE KEY-----\nS0VZLU1BUktFUg==\n-----END PRIVATE KEY-----\n';

/** A self-signed certificate valid between the two times, as PEM. */
async function certificatePem(notBefore: string, notAfter: string, cn = 'ingress'): Promise<string> {
  x509.cryptoProvider.set(webcrypto as never);
  const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${cn}`, keys, notBefore: new Date(notBefore), notAfter: new Date(notAfter), signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  return `${cert.toString('pem')}\n`;
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

function tlsSecret(namespace: string, name: string, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, type: 'kubernetes.io/tls', data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])) };
}

function controller(namespace: string, name: string, secret?: string): KubeObject {
  return { apiVersion: 'operator.openshift.io/v1', kind: 'IngressController', metadata: { name, namespace }, spec: secret === undefined ? {} : { defaultCertificate: { name: secret } } };
}

describe('clusterconfig/ingress_certificates', () => {
  const env = useSampleCluster();
  let caPem: string;
  let routerPem: string;
  /** The two certificates every cluster has, with the sample's dates. */
  const addClusterCertificates = (): void => {
    env.add(
      tlsSecret(OPERATOR_NS, 'router-ca', { 'tls.crt': caPem, 'tls.key': KEY_MARKER }),
      tlsSecret(ROUTER_NS, 'router-certs-default', { 'tls.crt': routerPem, 'tls.key': KEY_MARKER }),
    );
  };
  beforeAll(async () => {
    caPem = await certificatePem('2024-06-07T07:27:34Z', '2026-06-07T07:27:35Z', 'ingress-operator@1717745254');
    routerPem = await certificatePem('2024-06-07T07:27:35Z', '2026-06-07T07:27:36Z', '*.apps.example.com');
  });

  it('reproduces the sample: the cluster certificates and the controller using the CA', async () => {
    addClusterCertificates();
    env.add(controller(OPERATOR_NS, 'test-ingresscontroller-name', 'router-ca'));
    const out = await gatherFunction(ingressCertificates, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
    const text = out.byPath.get(PATH)!.text;
    expect(text).toBe(JSON.stringify(await readSample(PATH)));
    // Nothing of the secrets but their names: no key, no certificate.
    expect(text).not.toContain('BEGIN');
    expect(text).not.toContain(b64(KEY_MARKER).slice(0, 20));
    expect(text).not.toContain(caPem.split('\n')[1]!.slice(0, 20));
    expect(out.errors).toEqual([]);
  });

  it("adds each controller's default certificate, read from the controller's namespace, once", async () => {
    addClusterCertificates();
    const customPem = await certificatePem('2025-01-01T00:00:00Z', '2025-12-31T23:59:59Z', 'custom');
    env.add(
      tlsSecret(OPERATOR_NS, 'custom-cert', { 'tls.crt': `garbage before\n${customPem}${caPem}` }),
      controller(OPERATOR_NS, 'a-custom', 'custom-cert'),
      controller(OPERATOR_NS, 'b-custom', 'custom-cert'),
      controller(OPERATOR_NS, 'default'),
      controller(ROUTER_NS, 'in-router-ns', 'router-certs-default'),
    );
    const infos = JSON.parse((await gatherFunction(ingressCertificates, { kube: env.kube })).byPath.get(PATH)!.text) as CertificateInfo[];
    expect(infos.map((i) => [i.namespace, i.name, i.controllers.map((c) => c.name)])).toEqual([
      [OPERATOR_NS, 'router-ca', []],
      [ROUTER_NS, 'router-certs-default', ['in-router-ns']],
      [OPERATOR_NS, 'custom-cert', ['a-custom', 'b-custom']],
    ]);
    expect(infos[2]).toMatchObject({ not_before: '2025-01-01T00:00:00Z', not_after: '2025-12-31T23:59:59Z' });
  });

  it('reports each certificate it cannot read, and writes null when none could be', async () => {
    env.add(
      tlsSecret(OPERATOR_NS, 'router-ca', { 'ca.crt': 'x' }),
      tlsSecret(ROUTER_NS, 'router-certs-default', { 'tls.crt': 'not a certificate' }),
      tlsSecret(OPERATOR_NS, 'bad-der', { 'tls.crt': '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' }),
      controller(OPERATOR_NS, 'missing', 'does-not-exist'),
      controller(OPERATOR_NS, 'bad', 'bad-der'),
      controller(OPERATOR_NS, 'empty', ''),
    );
    const before = env.sim.requests.length;
    const out = await gatherFunction(ingressCertificates, { kube: env.kube });
    expect(out.byPath.get(PATH)!.text).toBe('null');
    // Controllers come in name order: bad, default (no certificate of its own), empty, missing.
    expect(out.errors).toEqual([
      `'tls.crt' not found in secret 'router-ca' in namespace '${OPERATOR_NS}'`,
      `unable to decode certificate (x509) from secret 'router-certs-default' in namespace '${ROUTER_NS}'`,
      expect.stringMatching(new RegExp(`^failed to parse certificate from secret 'bad-der' in namespace '${OPERATOR_NS}': .`)),
      `failed to get secret '' in namespace '${OPERATOR_NS}': resource name may not be empty`,
      `failed to get secret 'does-not-exist' in namespace '${OPERATOR_NS}': secrets "does-not-exist" not found`,
    ]);
    // The empty name is never sent: it would list the namespace's secrets.
    expect(env.sim.requests.slice(before).some((r) => r.path.endsWith('/secrets'))).toBe(false);
  });

  it(`describes at most ${INGRESS_CERTIFICATES_LIMIT} certificates`, async () => {
    addClusterCertificates();
    for (let i = 0; i < INGRESS_CERTIFICATES_LIMIT + 5; i++) {
      const name = `cert-${String(i).padStart(2, '0')}`;
      env.add(tlsSecret(OPERATOR_NS, name, { 'tls.crt': routerPem }), controller(OPERATOR_NS, `ic-${name}`, name));
    }
    env.add(controller(ROUTER_NS, 'late', 'router-certs-default'));
    const out = await gatherFunction(ingressCertificates, { kube: env.kube });
    const infos = JSON.parse(out.byPath.get(PATH)!.text) as CertificateInfo[];
    expect(infos).toHaveLength(INGRESS_CERTIFICATES_LIMIT);
    const message = `reached the limit of ingress certificates (${INGRESS_CERTIFICATES_LIMIT}), skipping additional certificates`;
    // Once per namespace, as the original: the router namespace's controller is skipped too.
    expect(out.errors).toEqual([message, message]);
    expect(infos[1]!.controllers).toEqual([]);
  });

  it('reports what it may not read and keeps the rest', async () => {
    addClusterCertificates();
    env.add(controller(OPERATOR_NS, 'test', 'router-ca'));
    const noControllers = await gatherFunction(ingressCertificates, { kube: failingFor(env.kube, 'IngressController', 403) });
    expect((JSON.parse(noControllers.byPath.get(PATH)!.text) as CertificateInfo[]).map((i) => i.name)).toEqual(['router-ca', 'router-certs-default']);
    expect(noControllers.errors).toHaveLength(2);
    const noSecrets = await gatherFunction(ingressCertificates, { kube: failingFor(env.kube, 'Secret', 403) });
    expect(noSecrets.byPath.get(PATH)!.text).toBe('null');
    expect(noSecrets.errors).toHaveLength(3);
    expect(noSecrets.errors[0]).toBe(`failed to get secret 'router-ca' in namespace '${OPERATOR_NS}': Secret (v1): injected`);
  });
  it('works with exactly the declared permissions', async () => {
    addClusterCertificates();
    env.add(tlsSecret(ROUTER_NS, 'custom', { 'tls.crt': routerPem }), controller(OPERATOR_NS, 'test', 'router-ca'), controller(ROUTER_NS, 'other', 'custom'));
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, ingressCertificates.permissions, 'test-ingress-certificates');
    const out = await gatherFunction(ingressCertificates, { kube });
    expect(out.errors).toEqual([]);
    expect((JSON.parse(out.byPath.get(PATH)!.text) as CertificateInfo[]).map((i) => i.name)).toEqual(['router-ca', 'router-certs-default', 'custom']);
  });
});
