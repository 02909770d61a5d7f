import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The part of `fs.statfs`'s answer the disk guard reads (counts in blocks of `bsize` bytes). */
export interface StatfsResult {
  readonly bsize: number;
  readonly blocks: number;
  readonly bfree: number;
  readonly bavail: number;
}

/** A `statfs`-like function, injectable so tests can pretend a disk is full. */
export type StatfsFunction = (path: string) => Promise<StatfsResult>;

/** How full the filesystem holding a directory is. */
export interface DiskUsage {
  readonly totalBytes: number;
  /** Bytes an unprivileged writer may still use (`bavail`). */
  readonly availableBytes: number;
  /** Bytes in use (`blocks − bfree`). */
  readonly usedBytes: number;
  /**
   * `used / (used + available)`, as `df` computes Use%: root-reserved blocks count as neither, so the
   * ratio reaches 1 when an unprivileged writer can write nothing more. 0 on a filesystem that reports
   * no blocks (some pseudo filesystems), where there is nothing to judge.
   */
  readonly usedRatio: number;
}

/**
 * Usage of the filesystem that holds `directory`. A directory that does not exist yet is measured at its
 * nearest existing ancestor, where it will be created.
 */
export async function diskUsage(directory: string, statfsFn: StatfsFunction = statfs): Promise<DiskUsage> {
  let path = directory;
  for (;;) {
    try {
      return usageOf(await statfsFn(path));
    } catch (error) {
      const parent = dirname(path);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === path) throw error;
      path = parent;
    }
  }
}

function usageOf(stats: StatfsResult): DiskUsage {
  const usedBytes = (stats.blocks - stats.bfree) * stats.bsize;
  const availableBytes = stats.bavail * stats.bsize;
  const denominator = usedBytes + availableBytes;
  return {
    totalBytes: stats.blocks * stats.bsize,
    availableBytes,
    usedBytes,
    usedRatio: denominator > 0 ? usedBytes / denominator : 0,
  };
}
