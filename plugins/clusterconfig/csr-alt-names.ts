/**
 * The subject alternative names of a certificate request (its extensionRequest attribute), as Go's
 * `crypto/x509` reads them: DNS names, e-mail addresses, URIs and IP addresses in Go's text form.
 * @packageDocumentation
 */
import { DER_TAG, DerError, derChildren, derOid, readDer } from './der.ts';
import type { DerElement } from './der.ts';
import type { VerifiedCertificateRequest } from './certificate-request.ts';

const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const OID_SUBJECT_ALT_NAME = '2.5.29.17';

/**
 * The subject alternative names requested through the extensionRequest attribute. Attributes that do
 * not parse are skipped, as Go does; a malformed or repeated extension, or a malformed name, fails the
 * request.
 */
export function subjectAltNames(attributes: DerElement): Pick<VerifiedCertificateRequest, 'dnsNames' | 'emailAddresses' | 'ipAddresses' | 'uris'> {
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
