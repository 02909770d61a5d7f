import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { link, mkdir, open, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, constants as zlibConstants } from 'node:zlib';
import tar from 'tar-stream';
import { describeError, operatorError } from '../errors/codes.ts';
import { archiveFileName, tempFileName } from './archive-name.ts';
import { PROCESS_INSTANCE } from './process-instance.ts';
import { ChunkCoalescer } from './chunk-coalescer.ts';

/** Mode of every entry and of the archive file itself, as the original writes them. */
export const ENTRY_MODE = 0o640;

/**
 * Entries accepted without waiting while compression catches up: lets the next records be marshalled
 * while gzip works, bounded so that memory stays flat.
 */
export const BUFFERED_BYTES = 2 * 1024 * 1024;

/** How many later seconds are tried when an archive of the same second already exists. */
const NAME_ATTEMPTS = 3600;

/**
 * Streams tar entries through gzip into a hidden temporary file in the storage directory, then
 * publishes it atomically under `insights-YYYY-MM-DD-HHMMSS.tar.gz`: fsync the file, hard-link it to
 * its final name (which fails rather than overwrites when that name exists), unlink the temporary name,
 * fsync the directory. A crash at any point leaves at most a temporary file, never a half-written
 * archive under the real name.
 */
export class ArchiveWriter {
  readonly directory: string;
  readonly tempPath: string;
  readonly #pack: tar.Pack;
  readonly #done: Promise<void>;
  #failure: unknown;
  #closed = false;
  /** Bytes of entries handed to tar-stream and not yet passed on to gzip. */
  #buffered = 0;
  /** Rejecters of entries in flight, failed together if the stream breaks (disk full, I/O error). */
  readonly #inFlight = new Set<(error: unknown) => void>();

  private constructor(directory: string, tempPath: string, file: FileHandle, gzipLevel: number) {
    this.directory = directory;
    this.tempPath = tempPath;
    this.#pack = tar.pack();
    // `flush: true` fsyncs the file before it is closed, so the data is durable before the rename.
    const output = file.createWriteStream({ flush: true, highWaterMark: 1024 * 1024 });
    this.#done = pipeline(this.#pack, new ChunkCoalescer(), createGzip({ level: gzipLevel, memLevel: 9, chunkSize: 128 * 1024 }), output);
    this.#done.catch((error: unknown) => {
      this.#failure ??= error;
      for (const reject of this.#inFlight) reject(error);
      this.#inFlight.clear();
    });
  }

  /** Opens a new temporary archive in `directory` (created if missing). */
  static async create(directory: string, options: { gzipLevel?: number } = {}): Promise<ArchiveWriter> {
    await mkdir(directory, { recursive: true });
    const tempPath = join(directory, tempFileName(process.pid, PROCESS_INSTANCE, randomBytes(6).toString('hex')));
    const file = await open(tempPath, fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_WRONLY, ENTRY_MODE);
    return new ArchiveWriter(directory, tempPath, file, options.gzipLevel ?? zlibConstants.Z_DEFAULT_COMPRESSION);
  }

  /**
   * Appends one regular-file entry. Resolves at once while less than {@link BUFFERED_BYTES} of entries
   * wait to be compressed, otherwise once this entry has been handed on: the backpressure that keeps
   * memory flat, since callers await it before producing the next record.
   */
  async add(name: string, data: Buffer, mtime: Date): Promise<void> {
    if (this.#failure !== undefined) throw this.#writeError(this.#failure);
    if (this.#closed) throw new Error(`archive ${this.tempPath} is already closed`);
    this.#buffered += data.length;
    const written = new Promise<void>((resolve, reject) => {
      const onFailure = (error: unknown) => reject(this.#writeError(error));
      this.#inFlight.add(onFailure);
      this.#pack.entry({ name, size: data.length, mode: ENTRY_MODE, mtime, uid: 0, gid: 0, type: 'file' }, data, (error) => {
        this.#inFlight.delete(onFailure);
        this.#buffered -= data.length;
        if (error) {
          this.#failure ??= error;
          reject(this.#writeError(error));
        } else resolve();
      });
    });
    if (this.#buffered <= BUFFERED_BYTES) {
      // Not awaited here: a failure is remembered in #failure and surfaces on the next add or finish.
      written.catch(() => undefined);
      return;
    }
    await written;
  }

  /**
   * Ends the archive and publishes it under the name for `at` (or the next free second).
   * @returns the final path
   */
  async finish(at: Date): Promise<string> {
    this.#closed = true;
    this.#pack.finalize();
    try {
      await this.#done;
    } catch (error) {
      await this.abort();
      throw this.#writeError(error);
    }
    let finalPath: string | undefined;
    for (let i = 0; i < NAME_ATTEMPTS && finalPath === undefined; i++) {
      const candidate = join(this.directory, archiveFileName(new Date(at.getTime() + i * 1000)));
      try {
        await link(this.tempPath, candidate);
        finalPath = candidate;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          await this.abort();
          throw this.#writeError(error);
        }
      }
    }
    await unlink(this.tempPath);
    if (finalPath === undefined) throw this.#writeError(new Error(`no free archive name within ${NAME_ATTEMPTS} s of ${at.toISOString()}`));
    await syncDirectory(this.directory);
    return finalPath;
  }

  /** Gives up the archive: stops the streams and removes the temporary file. Safe to call twice. */
  async abort(): Promise<void> {
    this.#closed = true;
    this.#pack.destroy();
    await this.#done.catch(() => undefined);
    await unlink(this.tempPath).catch(() => undefined);
  }

  #writeError(error: unknown): Error {
    return operatorError('IO_ARCHIVE_WRITE', this.tempPath, describeError(error));
  }
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
