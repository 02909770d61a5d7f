/**
 * The three patch formats kube-apiserver applies: JSON merge patch (RFC 7386), JSON patch (RFC 6902),
 * and strategic merge patch, with the patch strategies the core types declare on their list fields.
 */

export class PatchError extends Error {}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** RFC 7386: objects merge, null deletes, anything else replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key] ?? null, value);
  }
  return out;
}

// ---- RFC 6902 ----------------------------------------------------------------------------------

function pointer(path: unknown): string[] {
  if (typeof path !== 'string' || (path !== '' && !path.startsWith('/'))) throw new PatchError(`invalid JSON pointer: ${String(path)}`);
  return path === '' ? [] : path.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function container(doc: Json, parts: readonly string[], op: string, path: string): Json[] | JsonObject {
  let node: Json = doc;
  for (const part of parts.slice(0, -1)) {
    node = Array.isArray(node) ? (node[Number(part)] ?? null) : isObject(node) ? (node[part] ?? null) : null;
  }
  if (!Array.isArray(node) && !isObject(node)) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return node;
}

function arrayIndex(node: Json[], part: string, op: string, path: string, forInsert: boolean): number {
  if (forInsert && part === '-') return node.length;
  const i = /^(0|[1-9]\d*)$/.test(part) ? Number(part) : NaN;
  if (!(i >= 0 && i < node.length + (forInsert ? 1 : 0))) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return i;
}

function read(doc: Json, parts: readonly string[], op: string, path: string): Json {
  if (parts.length === 0) return doc;
  const node = container(doc, parts, op, path);
  const last = parts.at(-1)!;
  if (Array.isArray(node)) return node[arrayIndex(node, last, op, path, false)]!;
  if (!Object.hasOwn(node, last)) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return node[last]!;
}

function remove(doc: Json, parts: readonly string[], op: string, path: string): Json {
  const node = container(doc, parts, op, path);
  const last = parts.at(-1)!;
  if (Array.isArray(node)) return node.splice(arrayIndex(node, last, op, path, false), 1)[0]!;
  if (!Object.hasOwn(node, last)) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  const value = node[last]!;
  delete node[last];
  return value;
}

function add(doc: Json, parts: readonly string[], value: Json, op: string, path: string, replace: boolean): Json {
  if (parts.length === 0) return value;
  const node = container(doc, parts, op, path);
  const last = parts.at(-1)!;
  if (Array.isArray(node)) {
    const i = arrayIndex(node, last, op, path, !replace);
    node.splice(i, replace ? 1 : 0, value);
  } else {
    if (replace && !Object.hasOwn(node, last)) throw new PatchError(`${op} operation does not apply: doc is missing key: ${path}: missing value`);
    node[last] = value;
  }
  return doc;
}

export const deepEqual = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
  return v;
}

/** Applies an RFC 6902 patch to a copy of `target`. */
export function jsonPatch(target: Json, ops: unknown): Json {
  if (!Array.isArray(ops)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = structuredClone(target);
  for (const raw of ops as unknown[]) {
    if (!isObject(raw)) throw new PatchError('json: cannot unmarshal into Go value of type jsonpatch.Operation');
    const op = raw['op'];
    const path = String(raw['path']);
    const parts = pointer(raw['path']);
    switch (op) {
      case 'add': doc = add(doc, parts, structuredClone(raw['value'] ?? null), op, path, false); break;
      case 'replace': doc = add(doc, parts, structuredClone(raw['value'] ?? null), op, path, true); break;
      case 'remove': remove(doc, parts, op, path); break;
      case 'move': {
        const from = pointer(raw['from']);
        const value = remove(doc, from, op, String(raw['from']));
        doc = add(doc, parts, value, op, path, false);
        break;
      }
      case 'copy': doc = add(doc, parts, structuredClone(read(doc, pointer(raw['from']), op, String(raw['from']))), op, path, false); break;
      case 'test':
        if (!deepEqual(read(doc, parts, op, path), raw['value'] ?? null)) throw new PatchError(`testing value ${path} failed: test failed`);
        break;
      default: throw new PatchError(`Unexpected kind: ${String(op)}`);
    }
  }
  return doc;
}

// ---- strategic merge patch ---------------------------------------------------------------------

/**
 * List fields of the core types with patchStrategy "merge": the patchMergeKey, or '' for lists of
 * scalars merged as sets. Other lists are replaced whole, as without a strategy.
 */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name', initContainers: 'name', ephemeralContainers: 'name', env: 'name', volumes: 'name',
  volumeMounts: 'mountPath', volumeDevices: 'devicePath', imagePullSecrets: 'name', secrets: 'name',
  conditions: 'type', addresses: 'type', ownerReferences: 'uid', hostAliases: 'ip', resourceClaims: 'name',
  finalizers: '',
};
const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** Container ports merge by containerPort, a Service's by port. */
function mergeKeyOf(field: string, parent: string | undefined): string | undefined {
  if (field === 'ports') return parent !== undefined && CONTAINER_LISTS.has(parent) ? 'containerPort' : 'port';
  return MERGE_KEYS[field];
}

const DELETE_FROM = '$deleteFromPrimitiveList/';
const ORDER = '$setElementOrder/';

function strategicObject(target: Json, patch: JsonObject, parent: string | undefined): Json | undefined {
  const directive = patch['$patch'];
  if (directive === 'delete') return undefined;
  const { $patch: _p, $retainKeys: retain, ...rest } = patch;
  if (directive === 'replace') return stripDirectives(rest);
  if (directive !== undefined && directive !== 'merge') throw new PatchError(`Unknown patch type: ${String(directive)}`);
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(rest)) {
    if (key.startsWith(ORDER)) continue;
    if (key.startsWith(DELETE_FROM)) {
      const field = key.slice(DELETE_FROM.length);
      const drop = new Set((Array.isArray(value) ? value : []).map((v) => JSON.stringify(v)));
      const list = out[field];
      if (Array.isArray(list)) out[field] = list.filter((v) => !drop.has(JSON.stringify(v)));
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    const merged = strategicValue(out[key] ?? null, value, key, parent);
    if (merged === undefined) delete out[key];
    else out[key] = merged;
  }
  if (Array.isArray(retain)) for (const key of Object.keys(out)) if (!retain.includes(key)) delete out[key];
  return out;
}

function strategicValue(target: Json, patch: Json, field: string, parent: string | undefined): Json | undefined {
  if (isObject(patch)) return strategicObject(isObject(target) ? target : null, patch, field);
  if (!Array.isArray(patch)) return patch;
  const key = mergeKeyOf(field, parent);
  if (key === undefined || !Array.isArray(target)) return stripDirectives(patch.filter((p) => !(isObject(p) && p['$patch'] !== undefined)));
  if (key === '') {
    const seen = new Set(target.map((v) => JSON.stringify(v)));
    return [...target, ...patch.filter((v) => !seen.has(JSON.stringify(v)))];
  }
  if (patch.some((p) => isObject(p) && p['$patch'] === 'replace')) {
    return stripDirectives(patch.filter((p) => !(isObject(p) && p['$patch'] === 'replace')));
  }
  const out: Json[] = [...target];
  for (const item of patch) {
    if (!isObject(item) || !Object.hasOwn(item, key)) throw new PatchError(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
    const at = out.findIndex((t) => isObject(t) && JSON.stringify(t[key]) === JSON.stringify(item[key]));
    const merged = strategicObject(at < 0 ? null : out[at]!, item, field);
    if (at < 0) {
      if (merged !== undefined) out.push(merged);
    } else if (merged === undefined) {
      out.splice(at, 1);
    } else {
      out[at] = merged;
    }
  }
  return out;
}

function stripDirectives<T extends Json>(value: T): T {
  if (Array.isArray(value)) return value.map(stripDirectives) as T;
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('$')).map(([k, v]) => [k, stripDirectives(v)])) as T;
}

/** Applies a strategic merge patch to an object of a built-in type. */
export function strategicMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) throw new PatchError('unable to find api field in struct for the patch: the patch is not a JSON object');
  return strategicObject(target, patch, undefined) ?? {};
}
