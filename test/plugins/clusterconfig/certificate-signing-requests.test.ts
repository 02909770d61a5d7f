import { describe, expect, it } from 'vitest';
import { certificateSigningRequests, CSR_LIST_LIMIT } from '../../../plugins/clusterconfig/certificate-signing-requests.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { EC_P256, makeCertificatePem, makeCsrPem, pemToDer, RSA_2048 } from './csr-fixtures.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { failingFor, readSample, sampleFiles, useSampleCluster } from './setup.ts';
import { requestsTo, withObjects, withoutObjects } from './store-helpers.ts';

const API = 'certificates.k8s.io/v1';
const NOW = new Date('2024-06-01T12:00:00Z');
const services = (now = NOW) => ({ clock: { now: () => now } });
const b64 = (s: string) => Buffer.from(s).toString('base64');

const csr = (name: string, spec: Record<string, unknown>, status?: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: API, kind: 'CertificateSigningRequest',
  metadata: { name, ...metadata },
  spec: { signerName: 'kubernetes.io/kube-apiserver-client-kubelet', username: 'system:serviceaccount:openshift-machine-config-operator:node-bootstrapper', groups: ['system:serviceaccounts', 'system:authenticated'], usages: ['digital signature', 'client auth'], ...spec },
  ...(status === undefined ? {} : { status }),
});

const mask = (s: string) => 'x'.repeat(Buffer.byteLength(s));
const maskUrl = (s: string) => s.replace(/[^.\-/:]/g, 'x');

describe('clusterconfig/certificate_signing_requests', () => {
  const env = useSampleCluster();

  it('writes the sample CSR at its sample path, exactly as the sample has it', async () => {
    const expected = await sampleFiles('config/certificatesigningrequests');
    expect(expected).toEqual(['config/certificatesigningrequests/csr-test.json']);
    const out = await gatherFunction(certificateSigningRequests, { kube: env.kube, services: services() });
    expect(out.records.map((r) => r.path)).toEqual(expected);
    // Not a Resource record: the metadata keeps managedFields, and the struct's Go field names stay.
    expect(JSON.parse(out.records[0]!.text)).toEqual(await readSample(expected[0]!));
    expect(out.errors).toEqual([]);
  });

  it('records a pending request with its subject and alternative names masked and the PEM left out', async () => {
    const subject = 'C=CZ, ST=Canaryland, L=Canarytown, O=CanaryOrg, OU=CanaryUnit, CN=system:node:canary-worker, 2.5.4.5=CANARY-SN, 2.5.4.9=Canary Street 1, 2.5.4.17=CANARY-ZIP';
    const san = { dns: ['canary-worker.canary.example.com'], ip: ['10.0.0.17', 'fd00::17'], email: ['ops@canary.example.com'], url: ['spiffe://canary.example.com/ns/x'] };
    const pem = await makeCsrPem(subject, EC_P256, san);
    const object = csr('pending-canary', { request: b64(pem) }, undefined, { labels: { team: 'kept' } });
    const out = await withObjects(env.sim, [object], () => gatherFunction(certificateSigningRequests, { kube: env.kube, services: services() }));
    const text = out.byPath.get('config/certificatesigningrequests/pending-canary.json')!.text;
    const recorded = JSON.parse(text);
    expect(Object.keys(recorded)).toEqual(['TypeMeta', 'ObjectMeta', 'Spec', 'Status']);
    expect(recorded.TypeMeta).toEqual({});
    expect(recorded.ObjectMeta).toMatchObject({ name: 'pending-canary', labels: { team: 'kept' } });
    expect(recorded.Spec).toEqual({
      UID: '',
      Username: 'system:serviceaccount:openshift-machine-config-operator:node-bootstrapper',
      Groups: ['system:serviceaccounts', 'system:authenticated'],
      Usages: ['digital signature', 'client auth'],
      Request: {
        ValidSignature: true,
        SignatureAlgorithm: 'ECDSA-SHA256',
        PublicKeyAlgorithm: 'ECDSA',
        DNSNames: [maskUrl('canary-worker.canary.example.com')],
        EmailAddresses: [maskUrl('ops@canary.example.com')],
        IPAddresses: ['xx.x.x.xx', 'xxxx::xx'],
        URIs: [maskUrl('spiffe://canary.example.com/ns/x')],
        Subject: {
          Country: ['xx'], Organization: [mask('CanaryOrg')], OrganizationalUnit: [mask('CanaryUnit')], Locality: [mask('Canarytown')],
          Province: [mask('Canaryland')], StreetAddress: [mask('Canary Street 1')], PostalCode: [mask('CANARY-ZIP')],
          SerialNumber: mask('CANARY-SN'), CommonName: mask('system:node:canary-worker'), Names: null, ExtraNames: null,
        },
      },
    });
    expect(recorded.Status).toEqual({ Conditions: null, Cert: null });
    expect(text).not.toContain(b64(pem).slice(0, 40));
    expect(text.toLowerCase().replace('pending-canary', '')).not.toContain('canary');
    expect(text).not.toContain('10.0.0.17');
  });

  it('records a request whose signature or PEM is bad with Request null, and keeps the conditions', async () => {
    const der = Buffer.from(pemToDer(await makeCsrPem('CN=system:node:worker', RSA_2048)));
    // Change one letter of the subject, inside the signed request info: the signature no longer matches.
    der[der.indexOf('worker')] = 'W'.charCodeAt(0);
    const bad = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    const conditions = [{ type: 'Denied', status: 'True', reason: 'AutoDenied', message: 'denied', lastUpdateTime: '2024-05-01T00:00:00Z' }];
    const objects = [csr('bad-signature', { request: b64(bad) }, { conditions }), csr('not-pem', { request: b64('hello') })];
    const out = await withObjects(env.sim, objects, () => gatherFunction(certificateSigningRequests, { kube: env.kube, services: services() }));
    const badSignature = JSON.parse(out.byPath.get('config/certificatesigningrequests/bad-signature.json')!.text);
    expect(badSignature.Spec.Request).toBeNull();
    expect(badSignature.Status).toEqual({ Conditions: conditions, Cert: null });
    expect(JSON.parse(out.byPath.get('config/certificatesigningrequests/not-pem.json')!.text).Spec.Request).toBeNull();
  });

  it('leaves out CSRs whose certificate is valid now and records those outside their validity, with the certificate masked', async () => {
    const cert = await makeCertificatePem('CN=system:node:canary-node, O=system:nodes', 'CN=canary-signer, OU=canary-unit', new Date('2024-01-01T00:00:00Z'), new Date('2024-12-31T00:00:00Z'));
    const request = b64(await makeCsrPem('CN=system:node:canary-node, O=system:nodes'));
    const approved = [{ type: 'Approved', status: 'True', reason: 'NodeCSRApprove', lastUpdateTime: '2024-01-01T00:00:00Z' }];
    const object = csr('issued', { request }, { conditions: approved, certificate: b64(cert) });
    const run = (now: Date) => withObjects(env.sim, [object], () => gatherFunction(certificateSigningRequests, { kube: env.kube, services: services(now) }));
    const path = 'config/certificatesigningrequests/issued.json';

    expect((await run(NOW)).byPath.has(path)).toBe(false);
    for (const now of [new Date('2023-12-31T23:59:59Z'), new Date('2025-01-01T00:00:00Z')]) {
      const text = (await run(now)).byPath.get(path)!.text;
      const recorded = JSON.parse(text);
      expect(recorded.Status.Conditions).toEqual(approved);
      expect(recorded.Status.Cert).toEqual({
        Verified: true,
        Issuer: { Country: [], Organization: [], OrganizationalUnit: [mask('canary-unit')], Locality: [], Province: [], StreetAddress: [], PostalCode: [], SerialNumber: '', CommonName: mask('canary-signer'), Names: null, ExtraNames: null },
        Subject: { Country: [], Organization: [mask('system:nodes')], OrganizationalUnit: [], Locality: [], Province: [], StreetAddress: [], PostalCode: [], SerialNumber: '', CommonName: mask('system:node:canary-node'), Names: null, ExtraNames: null },
        NotBefore: '2024-01-01T00:00:00Z',
        NotAfter: '2024-12-31T00:00:00Z',
      });
      expect(text).not.toContain('canary-signer');
      expect(text).not.toContain(b64(cert).slice(0, 40));
    }
  });

  it('records a CSR whose certificate field does not hold a certificate', async () => {
    const object = csr('garbage-cert', {}, { certificate: b64('-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n') });
    const out = await withObjects(env.sim, [object], () => gatherFunction(certificateSigningRequests, { kube: env.kube, services: services() }));
    expect(JSON.parse(out.byPath.get('config/certificatesigningrequests/garbage-cert.json')!.text).Status.Cert).toBeNull();
  });

  it(`reads at most ${CSR_LIST_LIMIT} CSRs, through the paged list API`, async () => {
    expect(CSR_LIST_LIMIT).toBe(5000);
    const many = Array.from({ length: CSR_LIST_LIMIT + 20 }, (_, i) => csr(`bulk-${String(i).padStart(5, '0')}`, {}));
    const before = env.sim.requests.length;
    const out = await withObjects(env.sim, many, () => gatherFunction(certificateSigningRequests, { kube: env.kube, services: services() }));
    expect(out.records).toHaveLength(CSR_LIST_LIMIT);
    const lists = requestsTo(env.sim, before, `/apis/${API}/certificatesigningrequests`);
    expect(lists.length).toBeGreaterThan(1);
    expect(lists[0]!.query).toContain('limit=');
    expect(lists[1]!.query).toContain('continue=');
  });

  it('writes nothing and reports no error when there is no CSR', async () => {
    const out = await withoutObjects(env.sim, API, 'CertificateSigningRequest', () => gatherFunction(certificateSigningRequests, { kube: env.kube, services: services() }));
    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([]);
  });

  it('fails when the list fails', async () => {
    await expect(gatherFunction(certificateSigningRequests, { kube: failingFor(env.kube, 'CertificateSigningRequest', 403), services: services() })).rejects.toMatchObject({ statusCode: 403 });
  });

  it('needs no permission beyond those it declares', async () => {
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, certificateSigningRequests.permissions, 'test-csrs');
    const out = await gatherFunction(certificateSigningRequests, { kube, services: services() });
    expect(out.records.map((r) => r.path)).toEqual(['config/certificatesigningrequests/csr-test.json']);
  });
});
