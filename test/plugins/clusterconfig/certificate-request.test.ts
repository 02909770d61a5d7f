import { describe, expect, it } from 'vitest';
import { certificateSummary, firstPemBlock, formatIp, verifiedCertificateRequest } from '../../../plugins/clusterconfig/certificate-request.ts';
import { DerError, derChildren, derOid, readDer, readDerExact } from '../../../plugins/clusterconfig/der.ts';
import { ED25519, EC_P256, EC_P384, makeCertificatePem, makeCsrPem, pemToDer, RSA_2048, RSA_PSS } from './csr-fixtures.ts';

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

describe('der', () => {
  it('reads short and long lengths, children and object identifiers', () => {
    const long = new Uint8Array([0x04, 0x81, 0x80, ...new Array(0x80).fill(7)]);
    expect(readDerExact(long).contents).toHaveLength(0x80);
    const seq = readDerExact(bytes(0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x05, 0x00, 0x01), 0x30);
    // 0x01 without a length is truncated.
    expect(() => derChildren(seq)).toThrow(DerError);
    const [oid] = derChildren(readDerExact(bytes(0x30, 0x05, 0x06, 0x03, 0x55, 0x04, 0x03)));
    expect(derOid(oid!)).toBe('2.5.4.3');
    expect(derOid(readDer(bytes(0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x0e)))).toBe('1.2.840.113549.1.9.14');
    expect(derOid(readDer(bytes(0x06, 0x03, 0x2b, 0x65, 0x70)))).toBe('1.3.101.112');
  });

  it('refuses truncated, indefinite, non-minimal and trailing data', () => {
    expect(() => readDer(bytes(0x30, 0x05, 0x01))).toThrow(DerError);
    expect(() => readDer(bytes(0x30, 0x80, 0x00, 0x00))).toThrow(DerError);
    expect(() => readDer(bytes(0x04, 0x81, 0x05, 1, 2, 3, 4, 5))).toThrow(DerError);
    expect(() => readDerExact(bytes(0x05, 0x00, 0x00))).toThrow(DerError);
    expect(() => readDerExact(bytes(0x05, 0x00), 0x30)).toThrow(DerError);
  });
});

describe('firstPemBlock', () => {
  const block = (type: string, body: string) => `-----BEGIN ${type}-----\n${body}\n-----END ${type}-----\n`;

  it('finds the first well-formed block of any type, after other text', () => {
    const data = `junk line\n${block('CERTIFICATE REQUEST', 'AQID')}${block('CERTIFICATE', 'BAUG')}`;
    expect(firstPemBlock(text(data))).toEqual(bytes(1, 2, 3));
    expect(firstPemBlock(text(block('ANYTHING', 'AQID\nBAUG')))).toEqual(bytes(1, 2, 3, 4, 5, 6));
  });

  it('skips blocks that are not well formed, as Go does', () => {
    // END of another type, bad base64, BEGIN not at a line start.
    expect(firstPemBlock(text(`-----BEGIN A-----\nAQID\n-----END B-----\n${block('C', 'BAUG')}`))).toEqual(bytes(4, 5, 6));
    expect(firstPemBlock(text(`${block('A', 'AQ*D')}${block('C', 'BAUG')}`))).toEqual(bytes(4, 5, 6));
    expect(firstPemBlock(text(`x ${block('A', 'AQID')}`))).toBeUndefined();
    expect(firstPemBlock(text('not pem at all'))).toBeUndefined();
  });

  it('skips headers before the body', () => {
    expect(firstPemBlock(text('-----BEGIN A-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: x\n\nAQID\n-----END A-----\n'))).toEqual(bytes(1, 2, 3));
  });
});

describe('formatIp', () => {
  it("writes addresses as Go's net.IP.String", () => {
    expect(formatIp(bytes(10, 0, 0, 1))).toBe('10.0.0.1');
    expect(formatIp(bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 168, 1, 2))).toBe('192.168.1.2');
    expect(formatIp(bytes(0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1))).toBe('fd00::1');
    expect(formatIp(bytes(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1))).toBe('2001:db8:0:1::1');
    expect(formatIp(bytes(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1))).toBe('2001:db8::1:0:0:1');
    expect(formatIp(bytes(0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6))).toBe('2001:db8:1:2:3:4:5:6');
    expect(formatIp(new Uint8Array(16))).toBe('::');
  });
});

describe('verifiedCertificateRequest', () => {
  it('reads subject, alternative names and algorithms of an ECDSA request', async () => {
    const pem = await makeCsrPem('C=CZ, ST=Moravia, L=Brno, O=Red Hat, O=Second, OU=Insights, CN=system:node:worker-0, 2.5.4.5=1234, 2.5.4.9=Purkynova 111, 2.5.4.17=61200', EC_P256, {
      dns: ['worker-0.example.com', 'worker-0'], ip: ['10.0.0.1', 'fd00::1'], email: ['admin@example.com'], url: ['spiffe://cluster/ns/default'],
    });
    expect(verifiedCertificateRequest(pemToDer(pem))).toEqual({
      signatureAlgorithm: 'ECDSA-SHA256', publicKeyAlgorithm: 'ECDSA',
      subject: {
        country: ['CZ'], organization: ['Red Hat', 'Second'], organizationalUnit: ['Insights'], locality: ['Brno'], province: ['Moravia'],
        streetAddress: ['Purkynova 111'], postalCode: ['61200'], serialNumber: '1234', commonName: 'system:node:worker-0',
      },
      dnsNames: ['worker-0.example.com', 'worker-0'], emailAddresses: ['admin@example.com'], ipAddresses: ['10.0.0.1', 'fd00::1'], uris: ['spiffe://cluster/ns/default'],
    });
  });

  it.each([
    ['ECDSA P-384', EC_P384, 'ECDSA-SHA384', 'ECDSA'],
    ['RSA PKCS #1 v1.5', RSA_2048, 'SHA256-RSA', 'RSA'],
    ['RSA-PSS', RSA_PSS, 'SHA256-RSAPSS', 'RSA'],
    ['Ed25519', ED25519, 'Ed25519', 'Ed25519'],
  ] as const)('verifies %s signatures', async (_label, algorithm, signatureAlgorithm, publicKeyAlgorithm) => {
    const parsed = verifiedCertificateRequest(pemToDer(await makeCsrPem('CN=test', algorithm)));
    expect(parsed).toMatchObject({ signatureAlgorithm, publicKeyAlgorithm, subject: { commonName: 'test' }, dnsNames: [] });
  });

  it('refuses a request whose signature does not verify, and malformed DER', async () => {
    const der = pemToDer(await makeCsrPem('CN=test'));
    const tampered = der.slice();
    // The subject's CN value sits inside the signed part: change one of its letters.
    const at = Buffer.from(tampered).indexOf(Buffer.from('test'));
    tampered[at] = 'b'.charCodeAt(0);
    expect(verifiedCertificateRequest(tampered)).toBeUndefined();
    expect(verifiedCertificateRequest(der.subarray(0, der.length - 3))).toBeUndefined();
    expect(verifiedCertificateRequest(bytes(0x30, 0x00))).toBeUndefined();
    expect(verifiedCertificateRequest(bytes())).toBeUndefined();
  });
});

describe('certificateSummary', () => {
  it('reads issuer, subject and validity of a certificate', async () => {
    const notBefore = new Date('2024-01-01T00:00:00Z');
    const notAfter = new Date('2025-01-01T00:00:00Z');
    const summary = certificateSummary(pemToDer(await makeCertificatePem('CN=system:node:worker-0, O=system:nodes', 'CN=kubelet-signer, OU=openshift', notBefore, notAfter)));
    expect(summary?.subject).toMatchObject({ commonName: 'system:node:worker-0', organization: ['system:nodes'], country: [] });
    expect(summary?.issuer).toMatchObject({ commonName: 'kubelet-signer', organizationalUnit: ['openshift'] });
    expect(summary?.notBefore.toISOString()).toBe(notBefore.toISOString());
    expect(summary?.notAfter.toISOString()).toBe(notAfter.toISOString());
  });

  it('is undefined for data that is not a certificate', () => {
    expect(certificateSummary(bytes(0x30, 0x03, 0x02, 0x01, 0x00))).toBeUndefined();
  });
});
