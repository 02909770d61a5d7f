import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';

/** One archive entry and its uncompressed size. */
export interface EntrySize {
  readonly name: string;
  readonly bytes: number;
}

/** What a walk through a `.tar.gz` found. */
export interface ArchiveWalk {
  /** Regular files. */
  readonly files: number;
  /** Uncompressed bytes of all entries. */
  readonly bytes: number;
  /** The largest regular files, largest first (ties by name), at most `largest` of them. */
  readonly largest: readonly EntrySize[];
  /** Files and bytes per first path segment (`config`, `namespaces`, ...); a file at the root counts as itself. */
  readonly directories: ReadonlyMap<string, { files: number; bytes: number }>;
  /** The content of each entry named in `keep` that was present and not larger than `maxKeptBytes`. */
  readonly kept: ReadonlyMap<string, Buffer>;
  /** Entries named in `keep` that were present but larger than `maxKeptBytes` (their content was not kept). */
  readonly oversized: readonly string[];
}

/** Options of {@link walkArchive}. */
export interface WalkOptions {
  /** Entries whose content to keep in memory (small metadata files). */
  keep?: ReadonlySet<string>;
  /** How many of the largest files to list (default 0). */
  largest?: number;
  /** Largest kept entry, in bytes (default 8 MiB; the original's gathers.json is a few hundred KiB at most). */
  maxKeptBytes?: number;
}

/**
 * Gunzips a `.tar.gz` and reads every tar entry to its end, keeping only the counts, the top-N sizes and
 * the contents of the entries named in `keep`: memory stays flat however large the archive is.
 * Rejects with the stream's error when the bytes are not a readable gzip'd tar.
 * @param source - the archive's bytes, or a stream of them (for example a file's read stream)
 */
export async function walkArchive(source: Uint8Array | NodeJS.ReadableStream, options: WalkOptions = {}): Promise<ArchiveWalk> {
  const keep = options.keep ?? new Set<string>();
  const top = Math.max(0, options.largest ?? 0);
  const maxKept = options.maxKeptBytes ?? 8 * 1024 * 1024;
  let files = 0;
  let bytes = 0;
  const largest: EntrySize[] = [];
  const directories = new Map<string, { files: number; bytes: number }>();
  const kept = new Map<string, Buffer>();
  const oversized: string[] = [];

  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const wanted = keep.has(header.name);
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (data: unknown) => {
      const chunk = data as Buffer;
      size += chunk.length;
      if (wanted && size <= maxKept) chunks.push(chunk);
    });
    // A broken gzip destroys the entry being read with the pipeline's error: without a listener it
    // would be an uncaught exception; the pipeline reports it.
    stream.on('error', () => {});
    stream.on('end', () => {
      bytes += size;
      if (header.type === 'file' || header.type === undefined) {
        files++;
        addLargest(largest, { name: header.name, bytes: size }, top);
        const slash = header.name.indexOf('/');
        const directory = slash < 0 ? header.name : header.name.slice(0, slash);
        const d = directories.get(directory) ?? { files: 0, bytes: 0 };
        d.files++;
        d.bytes += size;
        directories.set(directory, d);
      }
      if (wanted) {
        if (size <= maxKept) kept.set(header.name, Buffer.concat(chunks));
        else oversized.push(header.name);
      }
      next();
    });
  });
  const input = source instanceof Uint8Array ? Readable.from([Buffer.from(source)]) : source;
  await pipeline(input, createGunzip(), extract);
  return { files, bytes, largest, directories, kept, oversized };
}

/** Largest first, then by name, so the list is the same for the same archive. */
function compareSize(a: EntrySize, b: EntrySize): number {
  return b.bytes - a.bytes || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** Inserts `entry` into the sorted `list` when it belongs to the top `limit` (a small N: linear is fine). */
function addLargest(list: EntrySize[], entry: EntrySize, limit: number): void {
  if (limit === 0) return;
  if (list.length === limit && compareSize(entry, list[list.length - 1]!) >= 0) return;
  let i = list.length;
  while (i > 0 && compareSize(entry, list[i - 1]!) < 0) i--;
  list.splice(i, 0, entry);
  if (list.length > limit) list.pop();
}
