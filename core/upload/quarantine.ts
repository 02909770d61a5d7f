import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { listArchives } from '../pruner/list-archives.ts';

/** Sub-directory of the storage directory holding corrupt archives (the pruner never looks inside). */
export const QUARANTINE_DIR = 'quarantine';
/** Corrupt archives kept for inspection; older ones are deleted. */
export const QUARANTINE_KEEP = 5;

/** Where a corrupt archive went. */
export interface QuarantineResult {
  /** Its new path. */
  readonly path: string;
  /** Older quarantined archives deleted to keep {@link QUARANTINE_KEEP}. */
  readonly deleted: readonly string[];
}

/**
 * Moves a corrupt archive into `<storage>/quarantine/` (same file system, so a rename; its name and
 * mtime are kept), then deletes all but the {@link QUARANTINE_KEEP} newest archives there, so corrupt
 * files neither block the uploader nor pile up.
 * @throws the file system's error when the archive cannot be moved (ENOENT when it vanished)
 */
export async function quarantineArchive(storagePath: string, archivePath: string, keep = QUARANTINE_KEEP): Promise<QuarantineResult> {
  const directory = join(storagePath, QUARANTINE_DIR);
  await mkdir(directory, { recursive: true });
  const path = join(directory, basename(archivePath));
  await rename(archivePath, path);
  const kept = await listArchives(directory);
  const excess = kept.slice(0, Math.max(0, kept.length - keep));
  const deleted: string[] = [];
  for (const old of excess) {
    try {
      await rm(old.path, { force: true });
      deleted.push(old.path);
    } catch {
      // An undeletable old quarantined file only costs disk; the next quarantine tries again.
    }
  }
  return { path, deleted };
}
