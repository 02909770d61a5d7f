import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { describeError } from '../errors/codes.ts';
import { METADATA_RECORD_NAME } from '../metadata/gathers-metadata.ts';

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

const GATHERS_NAME = `${METADATA_RECORD_NAME}.json`;
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
  let files = 0;
  let bytes = 0;
  let gathers: Buffer | undefined;
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const keep = header.name === GATHERS_NAME;
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (data: unknown) => {
      const chunk = data as Buffer;
      size += chunk.length;
      if (keep && size <= MAX_GATHERS_BYTES) chunks.push(chunk);
    });
    // A broken gzip destroys the entry being read with the pipeline's error: without a listener it
    // would be an uncaught exception; the pipeline below reports it.
    stream.on('error', () => {});
    stream.on('end', () => {
      if (header.type === 'file' || header.type === undefined) files++;
      bytes += size;
      if (keep) gathers = Buffer.concat(chunks);
      next();
    });
  });
  const input = source instanceof Uint8Array ? Readable.from([Buffer.from(source)]) : source;
  try {
    await pipeline(input, createGunzip(), extract);
  } catch (error) {
    return { valid: false, reason: `not a readable tar.gz: ${describeError(error)}` };
  }
  if (files === 0) return { valid: false, reason: 'the archive has no entries' };
  if (gathers === undefined) return { valid: false, reason: `the archive has no ${GATHERS_NAME}` };
  try {
    return { valid: true, files, bytes, gathers: JSON.parse(gathers.toString('utf8')) };
  } catch (error) {
    return { valid: false, reason: `${GATHERS_NAME} is not JSON: ${describeError(error)}` };
  }
}
