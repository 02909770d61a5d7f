/**
 * The signature side of certificate requests as Go's `crypto/x509` sees it: which key and signature
 * algorithms it accepts (RSA of at least 1024 bits, ECDSA on P-224/256/384/521, Ed25519; SHA-1/2 with
 * PKCS #1 v1.5 or RSA-PSS with a salt as long as the digest), and whether a signature verifies.
 * @packageDocumentation
 */
import { constants, createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { DER_TAG, DerError, derChildren, derOid } from './der.ts';
import type { DerElement } from './der.ts';

const DER_NULL = 0x05;

export type KeyAlgorithm = 'RSA' | 'ECDSA' | 'Ed25519';

export interface SignatureAlgorithm {
  name: string;
  /** Digest for `crypto.verify`; null for Ed25519, which hashes internally. */
  hash: string | null;
  key: KeyAlgorithm;
  pss?: boolean;
}

/**
 * Signature algorithms whose signatures Go verifies on certificate requests, by OID. MD2/MD5 (refused
 * as insecure) and DSA (no longer verified) are left out: requests signed with them never verify.
 */
const SIGNATURE_ALGORITHMS: Readonly<Record<string, SignatureAlgorithm>> = {
  '1.2.840.113549.1.1.5': { name: 'SHA1-RSA', hash: 'sha1', key: 'RSA' },
  '1.3.14.3.2.29': { name: 'SHA1-RSA', hash: 'sha1', key: 'RSA' },
  '1.2.840.113549.1.1.11': { name: 'SHA256-RSA', hash: 'sha256', key: 'RSA' },
  '1.2.840.113549.1.1.12': { name: 'SHA384-RSA', hash: 'sha384', key: 'RSA' },
  '1.2.840.113549.1.1.13': { name: 'SHA512-RSA', hash: 'sha512', key: 'RSA' },
  '1.2.840.10045.4.1': { name: 'ECDSA-SHA1', hash: 'sha1', key: 'ECDSA' },
  '1.2.840.10045.4.3.2': { name: 'ECDSA-SHA256', hash: 'sha256', key: 'ECDSA' },
  '1.2.840.10045.4.3.3': { name: 'ECDSA-SHA384', hash: 'sha384', key: 'ECDSA' },
  '1.2.840.10045.4.3.4': { name: 'ECDSA-SHA512', hash: 'sha512', key: 'ECDSA' },
  '1.3.101.112': { name: 'Ed25519', hash: null, key: 'Ed25519' },
};

const OID_RSASSA_PSS = '1.2.840.113549.1.1.10';
const OID_MGF1 = '1.2.840.113549.1.1.8';
/** The three RSA-PSS variants Go accepts: MGF1 with the same hash, salt as long as the digest. */
const PSS_VARIANTS: Readonly<Record<string, { name: string; hash: string; saltLength: number }>> = {
  '2.16.840.1.101.3.4.2.1': { name: 'SHA256-RSAPSS', hash: 'sha256', saltLength: 32 },
  '2.16.840.1.101.3.4.2.2': { name: 'SHA384-RSAPSS', hash: 'sha384', saltLength: 48 },
  '2.16.840.1.101.3.4.2.3': { name: 'SHA512-RSAPSS', hash: 'sha512', saltLength: 64 },
};

const OID_RSA_KEY = '1.2.840.113549.1.1.1';
const OID_EC_KEY = '1.2.840.10045.2.1';
const OID_ED25519_KEY = '1.3.101.112';
/** The elliptic curves Go parses keys of: P-224, P-256, P-384, P-521. */
const GO_CURVES: ReadonlySet<string> = new Set(['1.3.132.0.33', '1.2.840.10045.3.1.7', '1.3.132.0.34', '1.3.132.0.35']);
/** Go refuses RSA keys shorter than this (since Go 1.24). */
const MIN_RSA_BITS = 1024;

/** The key algorithm of a SubjectPublicKeyInfo, when Go parses such a key and can verify with it. */
export function publicKeyAlgorithm(publicKeyInfo: DerElement): KeyAlgorithm | undefined {
  const [algorithm] = derChildren(publicKeyInfo, DER_TAG.SEQUENCE);
  if (algorithm === undefined) throw new DerError('missing key algorithm');
  const [oid, parameters] = derChildren(algorithm, DER_TAG.SEQUENCE);
  if (oid === undefined) throw new DerError('missing key algorithm');
  switch (derOid(oid)) {
    case OID_RSA_KEY:
      // Go refuses RSA keys whose algorithm parameters are not NULL.
      if (parameters?.tag !== DER_NULL || parameters.contents.length !== 0) throw new DerError('RSA key missing NULL parameters');
      return 'RSA';
    case OID_EC_KEY:
      if (parameters?.tag !== DER_TAG.OID || !GO_CURVES.has(derOid(parameters))) throw new DerError('unsupported elliptic curve');
      return 'ECDSA';
    case OID_ED25519_KEY:
      if (parameters !== undefined) throw new DerError('Ed25519 key with parameters');
      return 'Ed25519';
    default:
      return undefined;
  }
}

/** The signature algorithm of an AlgorithmIdentifier, when Go knows and verifies it. */
export function signatureAlgorithmOf(identifier: DerElement): SignatureAlgorithm | undefined {
  const [oidElement, parameters] = derChildren(identifier, DER_TAG.SEQUENCE);
  if (oidElement === undefined) throw new DerError('missing signature algorithm');
  const oid = derOid(oidElement);
  if (oid === OID_RSASSA_PSS) return pssAlgorithm(parameters);
  // Ed25519 identifiers must not carry parameters.
  if (oid === '1.3.101.112' && parameters !== undefined) return undefined;
  return SIGNATURE_ALGORITHMS[oid];
}

/**
 * RSA-PSS as Go accepts it: explicit hash and MGF1 with the same hash (parameters absent or NULL), the
 * default trailer, and a salt as long as the digest. Anything else is an unknown algorithm.
 */
function pssAlgorithm(parameters: DerElement | undefined): SignatureAlgorithm | undefined {
  if (parameters?.tag !== DER_TAG.SEQUENCE) return undefined;
  let hash: string | undefined;
  let mgf: string | undefined;
  let mgfHash: string | undefined;
  let saltLength = 20;
  let trailer = 1;
  const nullOrAbsent = (p: DerElement | undefined): boolean => p === undefined || (p.tag === DER_NULL && p.contents.length === 0);
  for (const field of derChildren(parameters)) {
    const [inner] = derChildren(field);
    if (inner === undefined) return undefined;
    switch (field.tag) {
      case 0xa0: {
        const [oid, params] = derChildren(inner, DER_TAG.SEQUENCE);
        if (oid === undefined || !nullOrAbsent(params)) return undefined;
        hash = derOid(oid);
        break;
      }
      case 0xa1: {
        const [oid, params] = derChildren(inner, DER_TAG.SEQUENCE);
        if (oid === undefined || params === undefined) return undefined;
        mgf = derOid(oid);
        const [hashOid, hashParams] = derChildren(params, DER_TAG.SEQUENCE);
        if (hashOid === undefined || !nullOrAbsent(hashParams)) return undefined;
        mgfHash = derOid(hashOid);
        break;
      }
      case 0xa2:
        saltLength = derSmallInteger(inner);
        break;
      case 0xa3:
        trailer = derSmallInteger(inner);
        break;
      default:
        return undefined;
    }
  }
  const variant = hash === undefined ? undefined : PSS_VARIANTS[hash];
  if (variant === undefined || mgf !== OID_MGF1 || mgfHash !== hash || trailer !== 1 || saltLength !== variant.saltLength) return undefined;
  return { name: variant.name, hash: variant.hash, key: 'RSA', pss: true };
}

function derSmallInteger(element: DerElement): number {
  if (element.tag !== DER_TAG.INTEGER || element.contents.length === 0 || element.contents.length > 4) throw new DerError('bad integer');
  return element.contents.reduce((value, b, i) => (i === 0 && b & 0x80 ? b - 256 : value * 256 + b), 0);
}

/** Whether the signature over `signed` verifies with the request's own public key. */
export function signatureVerifies(algorithm: SignatureAlgorithm, publicKeyInfo: Uint8Array, signed: Uint8Array, signatureBits: DerElement): boolean {
  const [unusedBits, ...signature] = signatureBits.contents;
  if (unusedBits !== 0) return false;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(publicKeyInfo), format: 'der', type: 'spki' });
  } catch {
    return false;
  }
  if (algorithm.key === 'RSA' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) return false;
  const verifyKey = algorithm.pss
    ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : key;
  try {
    return verify(algorithm.hash, signed, verifyKey, Uint8Array.from(signature));
  } catch {
    return false;
  }
}

