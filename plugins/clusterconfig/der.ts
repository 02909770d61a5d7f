/**
 * A minimal reader of DER (the binary ASN.1 encoding of X.509 structures), enough to walk PKCS #10
 * certificate requests and X.509 names: `node:crypto` verifies signatures and parses certificates, but
 * has no parser for certificate requests.
 * @packageDocumentation
 */

/** Universal tags used by the readers. */
export const DER_TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  NUMERIC_STRING: 0x12,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Malformed DER. */
export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

/** One element (tag, length, contents) of a DER buffer. */
export interface DerElement {
  /** The identifier octet: class, constructed bit and tag number (low tag numbers only). */
  readonly tag: number;
  /** The whole element, identifier and length included. */
  readonly raw: Uint8Array;
  /** The contents octets. */
  readonly contents: Uint8Array;
}

/**
 * Reads the element at `offset` of `bytes`.
 * @param bytes - DER data
 * @param offset - where the element starts
 * @throws DerError when the element is truncated, uses a high tag number or an indefinite or
 *   non-minimal length
 */
export function readDer(bytes: Uint8Array, offset = 0): DerElement {
  let at = offset;
  const byte = (): number => {
    if (at >= bytes.length) throw new DerError('truncated element');
    return bytes[at++]!;
  };
  const tag = byte();
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not supported');
  let length = byte();
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0) throw new DerError('indefinite length');
    if (count > 4) throw new DerError('length too large');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + byte();
    if (length < 0x80 || (count > 1 && length < 2 ** (8 * (count - 1)))) throw new DerError('non-minimal length');
  }
  const end = at + length;
  if (end > bytes.length) throw new DerError('truncated element');
  return { tag, raw: bytes.subarray(offset, end), contents: bytes.subarray(at, end) };
}

/**
 * Reads one element that must fill `bytes` exactly, with the expected tag.
 * @param bytes - DER data
 * @param tag - expected identifier octet; any when omitted
 */
export function readDerExact(bytes: Uint8Array, tag?: number): DerElement {
  const element = readDer(bytes);
  if (element.raw.length !== bytes.length) throw new DerError('trailing data');
  if (tag !== undefined && element.tag !== tag) throw new DerError(`expected tag 0x${tag.toString(16)}, got 0x${element.tag.toString(16)}`);
  return element;
}

/**
 * The elements inside a constructed element (SEQUENCE, SET, explicit context tag).
 * @param element - the enclosing element
 * @param tag - identifier octet the enclosing element must have; any when omitted
 */
export function derChildren(element: DerElement, tag?: number): DerElement[] {
  if (tag !== undefined && element.tag !== tag) throw new DerError(`expected tag 0x${tag.toString(16)}, got 0x${element.tag.toString(16)}`);
  if ((element.tag & 0x20) === 0) throw new DerError('not a constructed element');
  const children: DerElement[] = [];
  for (let at = 0; at < element.contents.length;) {
    const child = readDer(element.contents, at);
    children.push(child);
    at += child.raw.length;
  }
  return children;
}

/**
 * The dotted form of an OBJECT IDENTIFIER, for example `2.5.4.3`.
 * @param element - an OID element
 */
export function derOid(element: DerElement): string {
  if (element.tag !== DER_TAG.OID) throw new DerError('not an object identifier');
  const bytes = element.contents;
  if (bytes.length === 0 || (bytes[bytes.length - 1]! & 0x80) !== 0) throw new DerError('malformed object identifier');
  const arcs: number[] = [];
  let value = 0;
  for (const b of bytes) {
    if (value === 0 && b === 0x80) throw new DerError('non-minimal object identifier');
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER) throw new DerError('object identifier arc too large');
    if ((b & 0x80) !== 0) continue;
    if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
    else arcs.push(value);
    value = 0;
  }
  return arcs.join('.');
}
