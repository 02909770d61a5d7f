/**
 * What the CSR gatherer needs from PEM data: the first PEM block, a PKCS #10 certificate request whose
 * signature verifies (its subject, alternative names and algorithms), and the names and validity of an
 * X.509 certificate. It follows Go's `encoding/pem` and `crypto/x509`, which the original uses: a request
 * counts only when Go would parse it and accept its signature.
 * @packageDocumentation
 */
import { X509Certificate } from 'node:crypto';
import { DER_TAG, DerError, derChildren, derOid, readDerExact } from './der.ts';
import { publicKeyAlgorithm, signatureAlgorithmOf, signatureVerifies } from './csr-signature.ts';
import { subjectAltNames } from './csr-alt-names.ts';

export { formatIp } from './csr-alt-names.ts';
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
