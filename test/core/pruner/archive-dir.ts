import { mkdtemp, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary storage directory whose files get controlled mtimes. */
export async function archiveDir(): Promise<{ dir: string; put: (name: string, mtime: Date, bytes?: number) => Promise<string>; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pruner-'));
  return {
    dir,
    async put(name, mtime, bytes = 10) {
      const path = join(dir, name);
      await writeFile(path, Buffer.alloc(bytes, 1));
      await utimes(path, mtime, mtime);
      return path;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A directory that is named like an archive: never an archive. */
export async function putDirectory(dir: string, name: string, mtime: Date): Promise<void> {
  await mkdir(join(dir, name));
  await utimes(join(dir, name), mtime, mtime);
}

export const HOUR = 3_600_000;
