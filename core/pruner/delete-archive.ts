import { unlink } from 'node:fs/promises';

/**
 * Deletes one archive. A file that is already gone counts as deleted (another pruner or an operator
 * got there first); other failures are returned, not thrown, so that one stubborn file does not stop
 * the rest of a pass.
 * @returns `undefined` when the file is gone, else the error
 */
export async function deleteArchive(path: string): Promise<Error | undefined> {
  try {
    await unlink(path);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return error instanceof Error ? error : new Error(String(error));
  }
}
