import { deleteAll } from './delete-all.ts';
import { listArchives } from './list-archives.ts';

/** How many gather intervals an archive may stay at most, as the original (`interval*6*24`: 2h → 12 days). */
export const MAX_AGE_INTERVALS = 144;

/** The original's maximum archive age for a gather interval: `interval × 144`. */
export function maxAgeForInterval(intervalMs: number): number {
  return intervalMs * MAX_AGE_INTERVALS;
}

/** Inputs of one age-and-upload prune. */
export interface PruneOptions {
  /** When the last archive was accepted by the ingress; everything up to then has been delivered or superseded. */
  readonly lastReported?: Date | undefined;
  /** The present. */
  readonly now: Date;
  /** The oldest an archive may get, delivered or not; see {@link maxAgeForInterval}. */
  readonly maxAgeMs: number;
}

/**
 * The prune cutoff: `max(lastReported, now − maxAge)`. Archives up to it (inclusive) are already
 * uploaded, superseded by a newer upload (latest-wins), or too old to keep.
 */
export function pruneCutoff(options: PruneOptions): Date {
  const oldestAllowed = options.now.getTime() - options.maxAgeMs;
  const reported = options.lastReported?.getTime() ?? Number.NEGATIVE_INFINITY;
  return new Date(Math.max(reported, oldestAllowed));
}

/**
 * Deletes the archives of `directory` whose mtime is at or before {@link pruneCutoff}, as the
 * original's `Prune(max(lastReported, now − maxAge))`. Only files named `insights-YYYY-MM-DD-HHMMSS.tar.gz`
 * are considered; mtimes are compared in whole milliseconds. A file that vanishes meanwhile is fine.
 * @returns the paths deleted, oldest first
 * @throws `IO_PRUNE_FAILED` when some archive could not be deleted (after deleting the others)
 */
export async function pruneArchives(directory: string, options: PruneOptions): Promise<string[]> {
  const cutoff = pruneCutoff(options).getTime();
  const expired = (await listArchives(directory)).filter((archive) => archive.mtimeMs <= cutoff);
  return deleteAll(directory, expired);
}
