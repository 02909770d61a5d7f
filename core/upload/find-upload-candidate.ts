import { createReadStream } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { inspectArchive } from '../archive/inspect-archive.ts';
import { listArchives } from '../pruner/list-archives.ts';
import type { ArchiveFile } from '../pruner/list-archives.ts';

/** What {@link findUploadCandidate} needs. */
export interface CandidateSearch {
  readonly storagePath: string;
  /** The last successful upload; only archives modified after it are candidates. */
  readonly since: Date | undefined;
  /** Archives to pass over (known corrupt ones that could not be moved away). */
  readonly skip?: (archive: ArchiveFile) => boolean;
  /** Called for each corrupt candidate, newest first, before the search goes on to the next one. */
  readonly onCorrupt: (archive: ArchiveFile, reason: string) => Promise<void>;
  /** Stops the search (returns `undefined`) before any further side effect. */
  readonly signal?: AbortSignal;
}

/**
 * The archive to upload: the newest `insights-*.tar.gz` of the storage directory modified after
 * `since` that reads as a whole (gunzip, tar walk, `insights-operator/gathers.json` present), as the
 * original's `Summary(since)` picks the last one (latest wins; older ones are never sent). A corrupt
 * candidate goes to `onCorrupt` and the next newest is tried; one that vanished meanwhile (the
 * pruner) is passed over. `undefined` when there is nothing to report.
 * @throws the file system's error when the storage directory cannot be read
 */
export async function findUploadCandidate(search: CandidateSearch): Promise<ArchiveFile | undefined> {
  const since = search.since?.getTime() ?? Number.NEGATIVE_INFINITY;
  const fresh = (await listArchives(search.storagePath)).filter((a) => a.mtimeMs > since);
  for (let i = fresh.length - 1; i >= 0; i--) {
    const archive = fresh[i]!;
    if (isAborted(search.signal)) return undefined;
    if (search.skip?.(archive) === true) continue;
    const inspection = await inspectArchive(createReadStream(archive.path));
    if (inspection.valid) return archive;
    if (isAborted(search.signal)) return undefined;
    if (await vanished(archive.path)) continue;
    await search.onCorrupt(archive, inspection.reason);
  }
  return undefined;
}

/** Read through a call, so the check after an await is not narrowed away. */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

async function vanished(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}
