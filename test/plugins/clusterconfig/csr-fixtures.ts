/** Real PKCS #10 requests and certificates for the CSR tests, made with @peculiar/x509 over WebCrypto. */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as never);

export const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
export const EC_P384 = { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' } as const;
export const RSA_2048 = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' } as const;
export const RSA_PSS = { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256', saltLength: 32 } as const;
export const ED25519 = { name: 'Ed25519' } as const;

type Algorithm = typeof EC_P256 | typeof EC_P384 | typeof RSA_2048 | typeof RSA_PSS | typeof ED25519;

export interface SanInput { dns?: string[]; ip?: string[]; email?: string[]; url?: string[] }

async function keysFor(algorithm: Algorithm): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(algorithm as never, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

function sanExtension(san: SanInput): x509.Extension[] {
  const names = [
    ...(san.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(san.ip ?? []).map((value) => ({ type: 'ip' as const, value })),
    ...(san.email ?? []).map((value) => ({ type: 'email' as const, value })),
    ...(san.url ?? []).map((value) => ({ type: 'url' as const, value })),
  ];
  return names.length === 0 ? [] : [new x509.SubjectAlternativeNameExtension(names)];
}

/**
 * A PEM certificate request.
 * @param name - subject in RFC 4514 form or @peculiar's JSON form
 */
export async function makeCsrPem(name: string | x509.JsonName, algorithm: Algorithm = EC_P256, san: SanInput = {}): Promise<string> {
  const keys = await keysFor(algorithm);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm: algorithm as never, extensions: sanExtension(san) });
  return csr.toString('pem');
}

/** A PEM certificate for `subject`, signed by a throw-away CA named `issuer`. */
export async function makeCertificatePem(subject: string, issuer: string, notBefore: Date, notAfter: Date): Promise<string> {
  const caKeys = await keysFor(EC_P256);
  const keys = await keysFor(EC_P256);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '0a1b', subject, issuer, notBefore, notAfter,
    publicKey: keys.publicKey, signingKey: caKeys.privateKey, signingAlgorithm: EC_P256,
  });
  return cert.toString('pem');
}

/** The DER inside a PEM text. */
export function pemToDer(pem: string): Uint8Array {
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
}
