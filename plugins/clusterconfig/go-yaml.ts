import { GatherError } from 'insights-operator/plugin-api';
import { Document, isScalar, parseAllDocuments, visit } from 'yaml';
import type { Pair, ParseOptions, DocumentOptions, SchemaOptions, ToJSOptions } from 'yaml';

// The YAML the original reads and writes goes through sigs.k8s.io/yaml, i.e. go-yaml v2: YAML 1.1
// scalars (`yes`/`no`/`on`/`off` are booleans, `0777` is octal), timestamps kept as text, only the first
// document of a stream, and on output map keys in v2's order and v2's choice of quoting.

/** What a YAML value turns into: JSON-like values, with mappings as `Map`s of string keys in source order. */
export type GoYamlValue = null | boolean | number | string | GoYamlValue[] | Map<string, GoYamlValue>;

const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  // go-yaml v2 lets a repeated key overwrite the earlier one.
  uniqueKeys: false,
  // go-yaml v2 hands timestamps and sexagesimal numbers to an untyped target as the text they are.
  customTags: (tags) => tags.filter((tag) => !(typeof tag === 'object' && (tag.tag.endsWith(':timestamp') || tag.format === 'TIME'))),
};
const TO_JS_OPTIONS: ToJSOptions = { mapAsMap: true, maxAliasCount: 100 };

/**
 * The first document of a YAML stream, as go-yaml v2 decodes it into an untyped value and
 * sigs.k8s.io/yaml makes it JSON-able: non-string map keys become their Go string form (`1`, `true`).
 * @param text - YAML (or JSON) text
 * @throws GatherError when the text is not valid YAML
 */
export function parseGoYaml(text: string): GoYamlValue {
  const documents = parseAllDocuments(text, PARSE_OPTIONS);
  // An empty stream has no document at all; go-yaml reads it as null.
  const first = Array.isArray(documents) ? documents[0] : documents;
  if (first === undefined) return null;
  const error = first.errors[0];
  if (error !== undefined) throw new GatherError(`invalid YAML: ${error.message}`, { code: 'IO_YAML_PARSE' });
  try {
    return normalize(first.toJS(TO_JS_OPTIONS));
  } catch (cause) {
    // Alias bombs and unresolvable aliases are rejected here; they are bad input, not a bug.
    throw new GatherError(`invalid YAML: ${cause instanceof Error ? cause.message : String(cause)}`, { code: 'IO_YAML_PARSE', cause });
  }
}

function normalize(value: unknown): GoYamlValue {
  if (value instanceof Map) {
    const out = new Map<string, GoYamlValue>();
    for (const [k, v] of value) out.set(keyString(k), normalize(v));
    return out;
  }
  if (value instanceof Set) return [...value].map(normalize);
  if (Array.isArray(value)) return value.map(normalize);
  // `!!binary` decodes to bytes, which go-yaml hands over as a string.
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string' || value === null) return value;
  return String(value);
}

function keyString(key: unknown): string {
  if (key === null || key === undefined) return 'null';
  return typeof key === 'string' ? key : String(key);
}

/**
 * go-yaml v2's order of map keys when it writes a map: runs of digits compare as numbers, and a
 * non-letter sorts before a letter.
 */
export function compareGoYamlKeys(a: string, b: string): number {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ac = ar[i]!;
    const bc = br[i]!;
    if (ac === bc) continue;
    const al = /\p{L}/u.test(ac);
    const bl = /\p{L}/u.test(bc);
    if (al && bl) return ac < bc ? -1 : 1;
    if (al || bl) return bl ? -1 : 1;
    let an = 0;
    let bn = 0;
    if (ac === '0' || bc === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + Number(ar[ai]);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ac < bc ? -1 : 1;
  }
  return ar.length - br.length;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/**
 * Plain scalars go-yaml v2 would read back as something other than a string (null, booleans, numbers,
 * timestamps, sexagesimal floats): it writes such strings double-quoted.
 */
const NON_STRING_PLAIN = [
  /^(?:~|null|Null|NULL)?$/,
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/,
  /^[-+]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]*|[0-9][0-9_]*)$/,
  /^[-+]?(?:[0-9][0-9_]*\.?[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?$/,
  /^[-+]?(?:inf|infinity|nan)$/i,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?(?:Z|[-+][0-9]{2}:[0-9]{2})?)?$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/,
];

/**
 * YAML as sigs.k8s.io/yaml's `Marshal` writes a JSON-like value through go-yaml v2: block style,
 * sequences not indented under their key, map keys sorted in v2's order, multi-line strings as literal
 * blocks, strings that would read back as another type double-quoted, other strings plain where YAML
 * allows it and single-quoted where it does not, lines folded at 80 columns.
 * @param value - plain objects, arrays, strings, numbers, booleans and null (Maps are taken as objects)
 */
export function stringifyGoYaml(value: unknown): string {
  const doc = new Document(value, { version: '1.1', sortMapEntries: (a: Pair, b: Pair) => compareGoYamlKeys(pairKey(a), pairKey(b)) });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      if (node.value.includes('\n')) node.type = 'BLOCK_LITERAL';
      else if (NON_STRING_PLAIN.some((re) => re.test(node.value as string))) node.type = 'QUOTE_DOUBLE';
      else node.type = 'PLAIN';
    },
  });
  return doc.toString({ indentSeq: false, lineWidth: 80, singleQuote: true, nullStr: 'null', trueStr: 'true', falseStr: 'false' });
}

function pairKey(pair: Pair): string {
  const key: unknown = pair.key;
  return String(isScalar(key) ? key.value : key);
}
