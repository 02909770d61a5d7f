import { operatorError } from '../errors/codes.ts';
import { deleteArchive } from './delete-archive.ts';
import type { ArchiveFile } from './list-archives.ts';

/**
 * Deletes every archive given, carrying on past failures; when some could not be deleted, throws one
 * `IO_PRUNE_FAILED` naming the first, after the others are gone.
 * @returns the paths deleted (or found already gone)
 */
export async function deleteAll(directory: string, archives: readonly ArchiveFile[]): Promise<string[]> {
  const deleted: string[] = [];
  const failed: { path: string; error: Error }[] = [];
  for (const archive of archives) {
    const error = await deleteArchive(archive.path);
    if (error === undefined) deleted.push(archive.path);
    else failed.push({ path: archive.path, error });
  }
  const first = failed[0];
  if (first !== undefined) throw operatorError('IO_PRUNE_FAILED', directory, failed.length, first.path, first.error.message);
  return deleted;
}
