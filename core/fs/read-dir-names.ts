import { readdir } from 'node:fs/promises';

/** The entry names of a directory; none when it does not exist (yet), since an absent storage directory is empty. */
export async function readDirNames(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
