import { deleteAll } from './delete-all.ts';
import { listArchives } from './list-archives.ts';

/**
 * Deletes the oldest archives of `directory` until the archives' sizes add up to at most `maxBytes`.
 * The newest archive is never deleted, even when it alone is over the cap: it is the one the uploader
 * sends next (latest-wins). Foreign and temporary files neither count nor are touched.
 * @returns the paths deleted, oldest first
 * @throws `IO_PRUNE_FAILED` when some archive could not be deleted (after deleting the others)
 */
export async function enforceByteCap(directory: string, maxBytes: number): Promise<string[]> {
  const archives = await listArchives(directory);
  let total = archives.reduce((sum, archive) => sum + archive.size, 0);
  const victims = [];
  for (const archive of archives.slice(0, -1)) {
    if (total <= maxBytes) break;
    victims.push(archive);
    total -= archive.size;
  }
  return deleteAll(directory, victims);
}
