import type { Marshaller } from 'insights-operator/plugin-api';

/** Orders strings as Go sorts map keys for `encoding/json`: by their UTF-8 bytes. */
function compareGoStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Go's `encoding/json` escapes these even in strings that need no escaping in JSON. */
function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function encode(value: unknown): string {
  if (value instanceof Map) {
    const keys = [...value.keys()].map(String).sort(compareGoStrings);
    return `{${keys.map((k) => `${goString(k)}:${encode(value.get(k))}`).join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map(encode).join(',')}]`;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'object') {
    const members = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${members.map(([k, v]) => `${goString(k)}:${encode(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Compact JSON as the original's `record.JSONMarshaller` writes it: a `Map` stands for a Go map (keys
 * sorted by bytes, which a plain object cannot guarantee for integer-like keys), a plain object for a
 * struct (field order kept, `undefined` fields left out as `omitempty` leaves them out).
 * @param value - plain JSON values, arrays, plain objects and Maps with string keys
 */
export function goJson(value: unknown): Marshaller {
  return { extension: 'json', marshal: () => encode(value) };
}
