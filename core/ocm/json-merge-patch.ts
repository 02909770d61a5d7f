/** A JSON value as `JSON.parse` returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Applies a JSON merge patch (RFC 7386) to `target` and returns the result; neither input is modified.
 * An object patch merges member by member (a `null` member deletes, anything else replaces or merges
 * recursively); any other patch (array, string, number, boolean, null) replaces the target wholesale.
 * Keys such as `__proto__` are kept as plain data members, never as prototypes.
 */
export function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return patch;
  const result: { [key: string]: JsonValue } = {};
  if (isJsonObject(target)) for (const [key, value] of Object.entries(target)) define(result, key, value);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else define(result, key, mergePatch(Object.hasOwn(result, key) ? result[key] : undefined, value));
  }
  return result;
}

function define(object: { [key: string]: JsonValue }, key: string, value: JsonValue): void {
  // Plain assignment of `__proto__` would replace the prototype instead of adding a member.
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
