import { describeError } from '../errors/codes.ts';
import { METADATA_RECORD_NAME } from '../metadata/gathers-metadata.ts';
import { walkArchive } from './walk-archive.ts';

/** What a walk through an archive found. */
export type ArchiveInspection =
  | {
    readonly valid: true;
    /** Entries (regular files) in the archive. */
    readonly files: number;
    /** Uncompressed bytes of all entries. */
    readonly bytes: number;
    /** `insights-operator/gathers.json`, parsed. */
    readonly gathers: unknown;
  }
  | { readonly valid: false; readonly reason: string };

/** Archive path of the metadata file. */
export const GATHERS_NAME = `${METADATA_RECORD_NAME}.json`;
/** Largest gathers.json kept in memory; the original's is a few hundred KiB at most. */
const MAX_GATHERS_BYTES = 8 * 1024 * 1024;

/**
 * Walks a `.tar.gz` the way the pipeline will: gunzips it, reads every tar entry to its end, and
 * requires `insights-operator/gathers.json` to be present and JSON. A 0-byte file, a truncated gzip,
 * random bytes or a gzip of something that is not a tar are invalid, with the reason. Never throws.
 * Memory stays flat: only gathers.json is kept.
 * @param source - the archive's bytes, or a stream of them (for example a file's read stream)
 */
export async function inspectArchive(source: Uint8Array | NodeJS.ReadableStream): Promise<ArchiveInspection> {
  let walk;
  try {
    walk = await walkArchive(source, { keep: new Set([GATHERS_NAME]), maxKeptBytes: MAX_GATHERS_BYTES });
  } catch (error) {
    return { valid: false, reason: `not a readable tar.gz: ${describeError(error)}` };
  }
  if (walk.files === 0) return { valid: false, reason: 'the archive has no entries' };
  if (walk.oversized.includes(GATHERS_NAME)) return { valid: false, reason: `${GATHERS_NAME} is larger than ${MAX_GATHERS_BYTES} bytes` };
  const gathers = walk.kept.get(GATHERS_NAME);
  if (gathers === undefined) return { valid: false, reason: `the archive has no ${GATHERS_NAME}` };
  try {
    return { valid: true, files: walk.files, bytes: walk.bytes, gathers: JSON.parse(gathers.toString('utf8')) };
  } catch (error) {
    return { valid: false, reason: `${GATHERS_NAME} is not JSON: ${describeError(error)}` };
  }
}
