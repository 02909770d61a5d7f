import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';

/** One tar entry, as the original's dry run prints it. */
export interface ArchiveEntry {
  readonly name: string;
  readonly size: number;
  readonly mtime: Date | undefined;
}

/**
 * The entries of a `.tar.gz` file, in archive order (the original's `reportToLogs` walks the same way).
 * Entry contents are read and dropped, so memory stays flat.
 * @throws when the file cannot be read or is not a tar.gz
 */
export async function archiveEntries(path: string): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    entries.push({ name: header.name, size: header.size ?? 0, mtime: header.mtime });
    // The pipeline reports a broken gzip; the entry it destroys must not throw it a second time.
    stream.on('error', () => {});
    stream.on('end', () => next());
    stream.resume();
  });
  await pipeline(createReadStream(path), createGunzip(), extract);
  return entries;
}
