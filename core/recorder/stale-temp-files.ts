import { unlink } from 'node:fs/promises';
import { readDirNames } from '../fs/read-dir-names.ts';
import { join } from 'node:path';
import { tempFileOwner } from './archive-name.ts';
import { PROCESS_INSTANCE } from './process-instance.ts';

/**
 * Removes temporary archives left by writers that died (crash, kill, power loss). A file of a writer
 * that is still alive, this process included, is left alone.
 * @returns the paths removed
 */
export async function removeStaleTempFiles(directory: string): Promise<string[]> {
  const names = await readDirNames(directory);
  const removed: string[] = [];
  for (const name of names) {
    const owner = tempFileOwner(name);
    if (owner === undefined) continue;
    const ours = owner.pid === process.pid && owner.instance === PROCESS_INSTANCE;
    if (ours || (owner.pid !== process.pid && isAlive(owner.pid))) continue;
    const path = join(directory, name);
    await unlink(path).catch(() => undefined);
    removed.push(path);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else; only ESRCH means it is gone.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
