import type { Marshaller } from 'insights-operator/plugin-api';

/**
 * Orders strings as Go does when it sorts map keys for `encoding/json`: by their UTF-8 bytes. JavaScript's
 * `<` compares UTF-16 code units, which disagrees for characters beyond the Basic Multilingual Plane.
 */
export function compareGoStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function encode(value: unknown): string {
  if (value instanceof Map) {
    const keys = [...value.keys()].map(String).sort(compareGoStrings);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${encode(value.get(k))}`).join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : encode(v))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${members.map(([k, v]) => `${JSON.stringify(k)}:${encode(v)}`).join(',')}}`;
  }
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`goJson(): value of type ${typeof value} has no JSON form`);
  return text;
}

/**
 * Compact JSON, extension `json`, for values that mirror a Go structure the original marshals: a `Map`
 * stands for a Go map and is written with its keys sorted as `encoding/json` sorts them, while plain
 * objects stand for structs and keep their field order. A plain object cannot stand for a map, since
 * JavaScript puts integer-like keys (`"10"`, `"2"`) first in numeric order where Go puts `"10"` first.
 * @param value - plain JSON values, arrays, plain objects and Maps with string keys
 */
export function goJson(value: unknown): Marshaller {
  return { extension: 'json', marshal: () => encode(value) };
}
