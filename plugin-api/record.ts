import type { Marshaller } from './marshallers.ts';

const RECORD_BRAND: unique symbol = Symbol.for('insights-operator.record');

/**
 * One file of the archive. Make it with {@link record}; the runner refuses anything else a function
 * yields.
 */
export interface GatherRecord {
  readonly [RECORD_BRAND]: true;
  /** Archive path without extension, for example `config/node/worker-0`; no leading `/` or `./`. */
  readonly name: string;
  /** What to store and how to marshal it. */
  readonly item: Marshaller;
  /** When the data was captured; the time the record was made by default. */
  readonly captured: Date;
  /** Stored even when the archive is over its size limit (metadata such as `gathers.json`). */
  readonly alwaysStored: boolean;
}

/** What {@link record} takes. */
export interface RecordInit {
  /** Archive path without extension. */
  name: string;
  /** Marshaller of the content: `json(...)`, `resource(...)` or `raw(...)`. */
  item: Marshaller;
  /** Capture time; now by default. */
  captured?: Date;
  /** Exempt from the archive size limit; false by default. */
  alwaysStored?: boolean;
}

/**
 * Makes a record. The name is checked here so that a bad path fails in the function that made it.
 * @param init - name, item and options
 * @throws TypeError when the name is empty, absolute, has `.`/`..` segments or empty segments
 */
export function record(init: RecordInit): GatherRecord {
  const problem = recordNameProblem(init.name);
  if (problem !== undefined) throw new TypeError(`record name ${JSON.stringify(init.name)} ${problem}`);
  return {
    [RECORD_BRAND]: true,
    name: init.name,
    item: init.item,
    captured: init.captured ?? new Date(),
    alwaysStored: init.alwaysStored ?? false,
  };
}

/**
 * Whether a value is a record made by {@link record}, from this or another copy of the plugin API.
 * @param value - anything a gathering function produced
 */
export function isRecord(value: unknown): value is GatherRecord {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[RECORD_BRAND] === true;
}

function recordNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'must be a non-empty string';
  if (name.startsWith('/')) return 'must be relative (no leading "/")';
  if (name.includes('\0')) return 'must not contain NUL';
  for (const segment of name.split('/')) {
    if (segment === '') return 'must not contain empty path segments';
    if (segment === '.' || segment === '..') return 'must not contain "." or ".." segments';
  }
  return undefined;
}
