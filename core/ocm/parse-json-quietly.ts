import type { JsonValue } from './json-merge-patch.ts';

/** The outcome of {@link parseJsonQuietly}. */
export type QuietParse = { ok: true; value: JsonValue } | { ok: false; problem: string };

/**
 * Parses JSON without ever quoting the input: V8's `SyntaxError` messages embed a slice of the text,
 * and the texts parsed here carry pull secrets, entitlement keys or whole reports, which must not reach
 * a log line or a condition message. The problem names only the size.
 */
export function parseJsonQuietly(bytes: Uint8Array | string): QuietParse {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch {
    const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
    return { ok: false, problem: size === 0 ? 'it is empty, not JSON' : `it is not valid JSON (${size} bytes)` };
  }
}
