/**
 * What the CSR gatherer needs from PEM data: the first PEM block, a PKCS #10 certificate request whose
 * signature verifies (its subject, alternative names and algorithms), and the names and validity of an
 * X.509 certificate. It follows Go's `encoding/pem` and `crypto/x509`, which the original uses: a request
 * counts only when Go would parse it and accept its signature.
 * @packageDocumentation
 */
import { constants, createPublicKey, verify, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { DER_TAG, DerError, derChildren, derOid, readDer, readDerExact } from './der.ts';
import type { DerElement } from './der.ts';

/** The attributes of an X.509 name that Go's `pkix.Name` fills, in its field order. */
export interface X509Name {
  country: string[];
  organization: string[];
  organizationalUnit: string[];
  locality: string[];
  province: string[];
  streetAddress: string[];
  postalCode: string[];
  serialNumber: string;
  commonName: string;
}

/** A certificate request that parsed and whose signature verified. */
export interface VerifiedCertificateRequest {
  /** Go's name of the signature algorithm, for example `SHA256-RSA` or `ECDSA-SHA256`. */
  signatureAlgorithm: string;
  /** Go's name of the public key algorithm: `RSA`, `ECDSA` or `Ed25519`. */
  publicKeyAlgorithm: string;
  subject: X509Name;
  dnsNames: string[];
  emailAddresses: string[];
  /** In Go's `net.IP` text form. */
  ipAddresses: string[];
  uris: string[];
}

/** The parts of an issued certificate the CSR gatherer keeps. */
export interface CertificateSummary {
  issuer: X509Name;
  subject: X509Name;
  notBefore: Date;
  notAfter: Date;
}

type KeyAlgorithm = 'RSA' | 'ECDSA' | 'Ed25519';

interface SignatureAlgorithm {
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

const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const OID_SUBJECT_ALT_NAME = '2.5.29.17';

/** `pkix.Name` fields by the last arc of their `2.5.4.x` attribute type. */
const NAME_ATTRIBUTES: Readonly<Record<string, keyof X509Name>> = {
  '2.5.4.3': 'commonName',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'country',
  '2.5.4.7': 'locality',
  '2.5.4.8': 'province',
  '2.5.4.9': 'streetAddress',
  '2.5.4.10': 'organization',
  '2.5.4.11': 'organizationalUnit',
  '2.5.4.17': 'postalCode',
};

const DER_NULL = 0x05;
const CONTEXT_0 = 0xa0;

/**
 * The bytes of the first PEM block of `data`, whatever its type, as Go's `pem.Decode` finds it: a
 * BEGIN line at the start of a line, optional `Key: value` headers, a base64 body and the matching END
 * line. `undefined` when there is no well-formed block.
 * @param data - text that may contain PEM
 */
export function firstPemBlock(data: Uint8Array): Uint8Array | undefined {
  const text = Buffer.from(data).toString('latin1');
  for (const begin of text.matchAll(/(?<![^\n])-----BEGIN ([^\n]*)-----[ \t\r]*(?=\n|$)/g)) {
    const type = begin[1]!;
    let rest = text.slice(begin.index + begin[0].length + 1);
    let headers = false;
    for (let eol = rest.indexOf('\n'); rest.length > 0 && (eol < 0 ? rest : rest.slice(0, eol)).includes(':'); eol = rest.indexOf('\n')) {
      headers = true;
      rest = eol < 0 ? '' : rest.slice(eol + 1);
    }
    const endLine = `-----END ${type}-----`;
    let end: number;
    let trailer: number;
    if (!headers && rest.startsWith('-----END ')) {
      end = 0;
      trailer = 0;
    } else {
      end = rest.indexOf('\n-----END ');
      trailer = end + 1;
    }
    if (end < 0 || !rest.startsWith(endLine, trailer)) continue;
    const afterEnd = rest.slice(trailer + endLine.length);
    const eol = afterEnd.indexOf('\n');
    if ((eol < 0 ? afterEnd : afterEnd.slice(0, eol)).replace(/[ \t\r]+$/, '') !== '') continue;
    const body = rest.slice(0, end).replace(/[ \t\r\n]/g, '');
    if (body.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(body)) continue;
    return new Uint8Array(Buffer.from(body, 'base64'));
  }
  return undefined;
}

/**
 * The request, when it is a PKCS #10 certificate request that Go parses and whose signature verifies
 * with its own public key; `undefined` otherwise (malformed, unsupported algorithm or key, bad
 * signature), which is when the original records no request features.
 * @param der - the DER of the request
 */
export function verifiedCertificateRequest(der: Uint8Array): VerifiedCertificateRequest | undefined {
  try {
    const [info, signatureAlgorithm, signatureBits] = derChildren(readDerExact(der, DER_TAG.SEQUENCE));
    if (info === undefined || signatureAlgorithm === undefined || signatureBits?.tag !== DER_TAG.BIT_STRING) return undefined;
    const [version, subject, publicKeyInfo, attributes] = derChildren(info, DER_TAG.SEQUENCE);
    if (version?.tag !== DER_TAG.INTEGER || subject === undefined || publicKeyInfo === undefined || attributes?.tag !== CONTEXT_0) return undefined;

    const keyAlgorithm = publicKeyAlgorithm(publicKeyInfo);
    const name = parseName(subject, false);
    const altNames = subjectAltNames(attributes);
    const algorithm = signatureAlgorithmOf(signatureAlgorithm);
    if (keyAlgorithm === undefined || algorithm === undefined || algorithm.key !== keyAlgorithm) return undefined;
    if (!signatureVerifies(algorithm, publicKeyInfo.raw, info.raw, signatureBits)) return undefined;
    return { signatureAlgorithm: algorithm.name, publicKeyAlgorithm: keyAlgorithm, subject: name, ...altNames };
  } catch (error) {
    if (error instanceof DerError) return undefined;
    throw error;
  }
}

/**
 * Issuer, subject and validity of an X.509 certificate; `undefined` when it does not parse.
 * @param der - the DER of the certificate
 */
export function certificateSummary(der: Uint8Array): CertificateSummary | undefined {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch {
    return undefined;
  }
  try {
    const [tbs] = derChildren(readDerExact(der, DER_TAG.SEQUENCE));
    if (tbs === undefined) return undefined;
    const fields = derChildren(tbs, DER_TAG.SEQUENCE);
    // [0] version, serialNumber, signature, issuer, validity, subject, …
    const [, , issuer, , subject] = fields[0]?.tag === CONTEXT_0 ? fields.slice(1) : fields;
    if (issuer === undefined || subject === undefined) return undefined;
    return { issuer: parseName(issuer, true), subject: parseName(subject, true), notBefore: certificate.validFromDate, notAfter: certificate.validToDate };
  } catch (error) {
    if (error instanceof DerError) return undefined;
    throw error;
  }
}

/**
 * Reads an X.509 Name (a sequence of sets of type/value pairs) into the fields of Go's `pkix.Name`:
 * repeated attributes accumulate, CommonName and SerialNumber keep the last. Certificates (`strict`)
 * fail on values that are not strings, as Go's certificate parser does; requests skip them.
 */
function parseName(element: DerElement, strict: boolean): X509Name {
  const name: X509Name = {
    country: [], organization: [], organizationalUnit: [], locality: [], province: [], streetAddress: [], postalCode: [],
    serialNumber: '', commonName: '',
  };
  for (const rdn of derChildren(element, DER_TAG.SEQUENCE)) {
    for (const pair of derChildren(rdn, DER_TAG.SET)) {
      const [type, value] = derChildren(pair, DER_TAG.SEQUENCE);
      if (type === undefined || value === undefined) throw new DerError('malformed attribute');
      const oid = derOid(type);
      const text = derString(value);
      if (text === undefined) {
        if (strict) throw new DerError('unsupported string type');
        continue;
      }
      const field = NAME_ATTRIBUTES[oid];
      if (field === 'commonName' || field === 'serialNumber') name[field] = text;
      else if (field !== undefined) name[field].push(text);
    }
  }
  return name;
}

/** Printable characters as Go accepts them, `*` and `&` included. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?*&]*$/;

/**
 * The text of an ASN.1 string, checked as Go checks it; `undefined` for other types. The CSR gatherer
 * only keeps the UTF-8 length of names, so T61 bytes that are not UTF-8 are read as Latin-1.
 */
function derString(element: DerElement): string | undefined {
  const bytes = element.contents;
  const ascii = (): string => Buffer.from(bytes).toString('latin1');
  switch (element.tag) {
    case DER_TAG.PRINTABLE_STRING:
      if (!PRINTABLE.test(ascii())) throw new DerError('invalid PrintableString');
      return ascii();
    case DER_TAG.IA5_STRING:
      if (bytes.some((b) => b >= 0x80)) throw new DerError('invalid IA5String');
      return ascii();
    case DER_TAG.NUMERIC_STRING:
      if (!/^[0-9 ]*$/.test(ascii())) throw new DerError('invalid NumericString');
      return ascii();
    case DER_TAG.UTF8_STRING:
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw new DerError('invalid UTF8String');
      }
    case DER_TAG.T61_STRING:
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        return ascii();
      }
    case DER_TAG.BMP_STRING: {
      if (bytes.length % 2 !== 0) throw new DerError('invalid BMPString');
      const trimmed = bytes.length >= 2 && bytes.at(-1) === 0 && bytes.at(-2) === 0 ? bytes.subarray(0, -2) : bytes;
      return new TextDecoder('utf-16be').decode(trimmed);
    }
    default:
      return undefined;
  }
}

/** The key algorithm of a SubjectPublicKeyInfo, when Go parses such a key and can verify with it. */
function publicKeyAlgorithm(publicKeyInfo: DerElement): KeyAlgorithm | undefined {
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
function signatureAlgorithmOf(identifier: DerElement): SignatureAlgorithm | undefined {
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
function signatureVerifies(algorithm: SignatureAlgorithm, publicKeyInfo: Uint8Array, signed: Uint8Array, signatureBits: DerElement): boolean {
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

/**
 * The subject alternative names requested through the extensionRequest attribute. Attributes that do
 * not parse are skipped, as Go does; a malformed or repeated extension, or a malformed name, fails the
 * request.
 */
function subjectAltNames(attributes: DerElement): Pick<VerifiedCertificateRequest, 'dnsNames' | 'emailAddresses' | 'ipAddresses' | 'uris'> {
  const names = { dnsNames: [] as string[], emailAddresses: [] as string[], ipAddresses: [] as string[], uris: [] as string[] };
  const seen = new Set<string>();
  for (const attribute of derChildren(attributes)) {
    let values: DerElement[];
    try {
      const [type, set] = derChildren(attribute, DER_TAG.SEQUENCE);
      if (type === undefined || set === undefined || derOid(type) !== OID_EXTENSION_REQUEST) continue;
      values = derChildren(set, DER_TAG.SET);
    } catch (error) {
      if (error instanceof DerError) continue;
      throw error;
    }
    const first = values[0];
    if (first === undefined) continue;
    for (const extension of derChildren(first, DER_TAG.SEQUENCE)) {
      const [id, ...rest] = derChildren(extension, DER_TAG.SEQUENCE);
      const value = rest.at(-1);
      if (id === undefined || value?.tag !== DER_TAG.OCTET_STRING) throw new DerError('malformed extension');
      const oid = derOid(id);
      if (seen.has(oid)) throw new DerError('duplicate requested extension');
      seen.add(oid);
      if (oid === OID_SUBJECT_ALT_NAME) Object.assign(names, parseGeneralNames(value.contents));
    }
  }
  return names;
}

/** DNS names, e-mail addresses, URIs and IP addresses of a GeneralNames value; other kinds are ignored. */
function parseGeneralNames(der: Uint8Array): Pick<VerifiedCertificateRequest, 'dnsNames' | 'emailAddresses' | 'ipAddresses' | 'uris'> {
  const names = { dnsNames: [] as string[], emailAddresses: [] as string[], ipAddresses: [] as string[], uris: [] as string[] };
  const ia5 = (bytes: Uint8Array): string => {
    if (bytes.some((b) => b >= 0x80)) throw new DerError('SAN is not IA5');
    return Buffer.from(bytes).toString('latin1');
  };
  for (const name of derChildren(readDer(der), DER_TAG.SEQUENCE)) {
    switch (name.tag ^ 0x80) {
      case 1:
        names.emailAddresses.push(ia5(name.contents));
        break;
      case 2:
        names.dnsNames.push(ia5(name.contents));
        break;
      case 6:
        names.uris.push(ia5(name.contents));
        break;
      case 7:
        if (name.contents.length !== 4 && name.contents.length !== 16) throw new DerError('bad IP address length');
        names.ipAddresses.push(formatIp(name.contents));
        break;
      default:
        break;
    }
  }
  return names;
}

/**
 * An IP address as Go's `net.IP.String` writes it: dotted quad for IPv4 and IPv4-mapped IPv6, otherwise
 * RFC 5952 (lower-case hex, the longest run of two or more zero groups as `::`, the first on a tie).
 */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.subarray(12).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = (list: number[]): string => list.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}
