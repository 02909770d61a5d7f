import { createHash } from 'node:crypto';
import type { GatherRecord } from '../../plugin-api/record.ts';
import { describeError, errorMessage } from '../errors/codes.ts';
import type { ArchiveWriter } from './archive-writer.ts';
import { ensureSafeFilenameLength } from './safe-filename.ts';

/** Uncompressed bytes of records per archive, as the original's `MaxArchiveSize`. */
export const DEFAULT_MAX_ARCHIVE_BYTES = 24 * 1024 * 1024;

/** One archive entry between marshalling and writing. */
export interface ArchiveEntry {
  name: string;
  data: Buffer;
}

/**
 * Rewrites an entry before it is size-checked and written. This is where the anonymizer plugs in: it
 * may change the content and the path (the original obfuscates both), and sees every record, metadata
 * included.
 */
export type EntryTransform = (entry: ArchiveEntry) => ArchiveEntry;

/** What happened to one record. */
export interface RecordOutcome {
  stored: boolean;
  /** Final archive path (after extension, transform and shortening). */
  path: string;
  errors: string[];
  warnings: string[];
}

/**
 * Turns records into archive entries, in the original's order: marshal and fingerprint (sha256 of the
 * marshalled bytes), transform (anonymize), size check, duplicate checks, write.
 *
 * Duplicates: a second record under a name already written is dropped with an error naming both
 * fingerprints. The original lets the newer one overwrite the older, which a streaming writer cannot do
 * (the older one is already compressed on disk); keeping the first is the deviation. A second record
 * with the same name and the same content is only a warning, since nothing is lost. The same content
 * under another path is stored, with a warning.
 */
export class Recorder {
  readonly #writer: ArchiveWriter;
  readonly #maxBytes: number;
  readonly #transform: EntryTransform;
  readonly #byName = new Map<string, string>();
  readonly #byFingerprint = new Map<string, string>();
  #bytes = 0;
  readonly #dropped: Record<string, number> = {};

  constructor(writer: ArchiveWriter, options: { maxBytes?: number; transform?: EntryTransform } = {}) {
    this.#writer = writer;
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_ARCHIVE_BYTES;
    this.#transform = options.transform ?? ((entry) => entry);
  }

  /** Uncompressed bytes stored so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Records refused so far, by reason: `marshal`, `too_large`, `duplicate_name`. */
  get dropped(): Readonly<Record<string, number>> {
    return { ...this.#dropped };
  }

  /** Records stored so far. */
  get count(): number {
    return this.#byName.size;
  }

  /**
   * Stores one record, or explains why not. Never throws for a bad record; throws only when the archive
   * itself cannot be written (disk full, I/O error).
   * @param rec - the record
   * @param owner - `<plugin>/<function>` that produced it, for messages
   */
  async record(rec: GatherRecord, owner: string): Promise<RecordOutcome> {
    const extension = rec.item.extension;
    const initialName = extension === '' ? rec.name : `${rec.name}.${extension}`;
    let data: Buffer;
    try {
      const marshalled = rec.item.marshal();
      data = typeof marshalled === 'string' ? Buffer.from(marshalled, 'utf8') : Buffer.from(marshalled.buffer, marshalled.byteOffset, marshalled.byteLength);
    } catch (error) {
      return this.#refuse('marshal', initialName, errorMessage('IO_RECORD_MARSHAL', owner, initialName, describeError(error)));
    }
    const fingerprint = createHash('sha256').update(data).digest('hex');
    const entry = this.#transform({ name: initialName, data });
    const path = ensureSafeFilenameLength(entry.name);
    const size = entry.data.length;

    if (!rec.alwaysStored && this.#bytes + size > this.#maxBytes) {
      return this.#refuse('too_large', path, errorMessage('IO_RECORD_TOO_LARGE', path, size, this.#maxBytes));
    }
    const earlier = this.#byName.get(path);
    if (earlier === fingerprint) {
      // Two functions found the same object (a crash-looping pod of a degraded operator): it is in the
      // archive already, so nothing is lost.
      return { stored: false, path, errors: [], warnings: [`warning: ${errorMessage('IO_RECORD_DUPLICATE_SAME', path, fingerprint)}`] };
    }
    if (earlier !== undefined) {
      return this.#refuse('duplicate_name', path, errorMessage('IO_RECORD_DUPLICATE_NAME', path, earlier, fingerprint));
    }
    const warnings: string[] = [];
    const samePayload = this.#byFingerprint.get(fingerprint);
    if (samePayload !== undefined) {
      warnings.push(`warning: ${errorMessage('IO_RECORD_DUPLICATE_CONTENT', path, fingerprint, samePayload)}`);
    } else {
      this.#byFingerprint.set(fingerprint, path);
    }
    // Claim the name and the bytes before the await, so that concurrent records see them.
    this.#byName.set(path, fingerprint);
    this.#bytes += size;
    await this.#writer.add(path, entry.data, rec.captured);
    return { stored: true, path, errors: [], warnings };
  }

  #refuse(reason: string, path: string, message: string): RecordOutcome {
    this.#dropped[reason] = (this.#dropped[reason] ?? 0) + 1;
    return { stored: false, path, errors: [message], warnings: [] };
  }
}
