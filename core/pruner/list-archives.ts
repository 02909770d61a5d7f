import { lstat } from 'node:fs/promises';
import { readDirNames } from '../fs/read-dir-names.ts';
import { join } from 'node:path';
import { ARCHIVE_NAME_PATTERN } from '../recorder/archive-name.ts';

/** A finished archive in the storage directory. */
export interface ArchiveFile {
  /** File name, matching `ARCHIVE_NAME_PATTERN`. */
  readonly name: string;
  /** Full path. */
  readonly path: string;
  /** Modification time in whole milliseconds (the resolution of a `Date`). */
  readonly mtimeMs: number;
  /** Size in bytes. */
  readonly size: number;
}

/**
 * The finished archives of a storage directory, oldest first (by mtime, then by name, which is a
 * timestamp). Only regular files named `insights-YYYY-MM-DD-HHMMSS.tar.gz` are listed: temporary
 * files, directories, symbolic links and foreign files never are. A missing directory has no archives;
 * a file that disappears while the directory is read is left out.
 */
export async function listArchives(directory: string): Promise<ArchiveFile[]> {
  const names = await readDirNames(directory);
  const archives: ArchiveFile[] = [];
  for (const name of names) {
    if (!ARCHIVE_NAME_PATTERN.test(name)) continue;
    const path = join(directory, name);
    try {
      const stats = await lstat(path);
      if (!stats.isFile()) continue;
      archives.push({ name, path, mtimeMs: Math.floor(stats.mtimeMs), size: stats.size });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
  }
  return archives.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
