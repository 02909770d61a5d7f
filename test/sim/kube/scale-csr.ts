/**
 * CertificateSigningRequests of a generated cluster, with requests and certificates that parse and
 * verify (Ed25519, whose signatures are deterministic, so the same seed gives the same bytes).
 * Pending, issued and expired ones, as the CSR gatherer distinguishes them.
 */
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Rng } from './prng.ts';
import { BASE_TIME, timestamp } from './prng.ts';
import type { KubeObject } from './store.ts';

// --- a little DER
const len = (n: number): Buffer => (n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]));
const tlv = (tag: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
};
const seq = (...parts: Buffer[]): Buffer => tlv(0x30, ...parts);
const set = (...parts: Buffer[]): Buffer => tlv(0x31, ...parts);
const int = (bytes: Buffer): Buffer => tlv(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s));
const bits = (b: Buffer): Buffer => tlv(0x03, Buffer.from([0]), b);
const OID_CN = Buffer.from([0x06, 0x03, 0x55, 0x04, 0x03]);
const OID_O = Buffer.from([0x06, 0x03, 0x55, 0x04, 0x0a]);
const ED25519 = seq(Buffer.from([0x06, 0x03, 0x2b, 0x65, 0x70]));
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

function name(cn: string, o?: string): Buffer {
  return seq(...(o === undefined ? [] : [set(seq(OID_O, utf8(o)))]), set(seq(OID_CN, utf8(cn))));
}

function utcTime(ms: number): Buffer {
  const iso = new Date(ms).toISOString();
  const t = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return tlv(0x17, Buffer.from(t));
}

/** The Ed25519 key of a 32-byte seed: the same seed gives the same key. */
export function ed25519Key(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
}

/** An Ed25519 key from 32 bytes of the PRNG: the same draws give the same key. */
export function keyFrom(rng: Rng): KeyObject {
  return ed25519Key(Buffer.from(rng.hex(64), 'hex'));
}

const spki = (key: KeyObject): Buffer => createPublicKey(key).export({ type: 'spki', format: 'der' });

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

/** A PKCS#10 request for CN=`cn`, O=`o`. */
export function certificateRequestPem(key: KeyObject, cn: string, o: string): string {
  const info = seq(int(Buffer.from([0])), name(cn, o), spki(key), Buffer.from([0xa0, 0x00]));
  return pem('CERTIFICATE REQUEST', seq(info, ED25519, bits(sign(null, info, key))));
}

/** An X.509 v3 certificate for `subjectKey`, issued by `issuerKey` (subject without O when `o` is undefined). */
export function certificatePem(issuerKey: KeyObject, issuer: string, subjectKey: KeyObject, cn: string, o: string | undefined, serial: Buffer, notBefore: number, notAfter: number): string {
  const tbs = seq(
    Buffer.from([0xa0, 0x03, 0x02, 0x01, 0x02]),
    int(serial), ED25519, name(issuer), seq(utcTime(notBefore), utcTime(notAfter)), name(cn, o), spki(subjectKey),
  );
  return pem('CERTIFICATE', seq(tbs, ED25519, bits(sign(null, tbs, issuerKey))));
}

const DAY = 86400;
const BOOTSTRAPPER = 'system:serviceaccount:openshift-machine-config-operator:node-bootstrapper';

/**
 * Three CSRs per unit: an issued node client certificate still valid (for years, so tests on any date
 * see it valid), one pending approval, and one whose certificate has expired.
 */
export function csrsOfUnit(rng: Rng, unit: number, nodeNames: readonly string[], rv: () => string): KubeObject[] {
  const signer = keyFrom(rng);
  const signerName = `kube-csr-signer_@${Math.floor(BASE_TIME / 1000) + unit}`;
  const kinds = ['issued', 'pending', 'expired'] as const;
  return kinds.map((kind, i) => {
    const node = nodeNames[i % nodeNames.length]!;
    const key = keyFrom(rng);
    const created = (kind === 'expired' ? 1 : 28) * DAY + rng.int(DAY);
    const cn = `system:node:${node}`;
    const request = certificateRequestPem(key, cn, 'system:nodes');
    const approvedAt = created + rng.range(5, 60);
    const notAfter = kind === 'expired' ? created + DAY : created + 3650 * DAY;
    const serial = Buffer.from(rng.hex(32), 'hex');
    return {
      apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest',
      metadata: { name: `csr-${rng.suffix(5)}`, uid: rng.uuid(), resourceVersion: rv(), creationTimestamp: timestamp(created), generateName: 'csr-' },
      spec: {
        request: Buffer.from(request).toString('base64'),
        signerName: 'kubernetes.io/kube-apiserver-client-kubelet',
        usages: ['digital signature', 'client auth'],
        username: BOOTSTRAPPER,
        uid: rng.uuid(),
        groups: ['system:serviceaccounts', 'system:serviceaccounts:openshift-machine-config-operator', 'system:authenticated'],
        ...(kind === 'expired' ? { expirationSeconds: DAY } : {}),
      },
      status: kind === 'pending' ? {} : {
        conditions: [{ type: 'Approved', status: 'True', reason: 'NodeCSRApprove', message: 'This CSR was approved by the Node CSR Approver (cluster-machine-approver)', lastUpdateTime: timestamp(approvedAt), lastTransitionTime: timestamp(approvedAt) }],
        certificate: Buffer.from(certificatePem(signer, signerName, key, cn, 'system:nodes', serial, (approvedAt - 300) * 1000 + BASE_TIME, notAfter * 1000 + BASE_TIME)).toString('base64'),
      },
    };
  });
}
