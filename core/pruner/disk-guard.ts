import { describeError, errorMessage } from '../errors/codes.ts';
import { diskUsage } from './disk-usage.ts';
import type { DiskUsage, StatfsFunction } from './disk-usage.ts';

/** The default `maxDiskRatio`: no new archive once the filesystem is more than 80% used (Datadog's default). */
export const DEFAULT_MAX_DISK_RATIO = 0.8;

/** Settings of a {@link DiskGuard}. */
export interface DiskGuardOptions {
  /** The storage directory. */
  readonly directory: string;
  /** Highest used ratio (0..1] a new archive may bring the filesystem to; default {@link DEFAULT_MAX_DISK_RATIO}. */
  readonly maxUsedRatio?: number;
  /** Room a new archive needs, counted as used before comparing (for example the archive size cap); default 0. */
  readonly reserveBytes?: number;
  /** `fs.statfs` by default; inject to simulate a full disk. */
  readonly statfs?: StatfsFunction;
}

/** The guard's answer. `reason` is a status-condition style word, `message` the sentence for logs and status. */
export type DiskVerdict =
  | { readonly allowed: true; readonly usage: DiskUsage }
  | { readonly allowed: false; readonly reason: 'DiskUsageTooHigh'; readonly message: string; readonly usage: DiskUsage }
  | { readonly allowed: false; readonly reason: 'DiskUsageUnknown'; readonly message: string };

/**
 * Says whether a new archive may be written to the storage directory: not when the filesystem, with
 * `reserveBytes` more in use, would be above `maxUsedRatio`. When free space cannot be read the answer
 * is no (fail closed), with reason `DiskUsageUnknown`; the guard never throws.
 */
export class DiskGuard {
  readonly #directory: string;
  readonly #maxUsedRatio: number;
  readonly #reserveBytes: number;
  readonly #statfs: StatfsFunction | undefined;

  constructor(options: DiskGuardOptions) {
    const ratio = options.maxUsedRatio ?? DEFAULT_MAX_DISK_RATIO;
    if (!(ratio > 0 && ratio <= 1)) throw new RangeError(`DiskGuard maxUsedRatio: ${ratio} is not in (0, 1]`);
    const reserve = options.reserveBytes ?? 0;
    if (!(reserve >= 0)) throw new RangeError(`DiskGuard reserveBytes: ${reserve} is not a byte count`);
    this.#directory = options.directory;
    this.#maxUsedRatio = ratio;
    this.#reserveBytes = reserve;
    this.#statfs = options.statfs;
  }

  /** Measures the filesystem now and answers. */
  async check(): Promise<DiskVerdict> {
    let usage: DiskUsage;
    try {
      usage = await diskUsage(this.#directory, this.#statfs);
    } catch (error) {
      const message = errorMessage('IO_DISK_GUARD_UNKNOWN', this.#directory, describeError(error));
      return { allowed: false, reason: 'DiskUsageUnknown', message };
    }
    const capacity = usage.usedBytes + usage.availableBytes;
    const ratio = capacity > 0 ? (usage.usedBytes + this.#reserveBytes) / capacity : 0;
    if (ratio <= this.#maxUsedRatio) return { allowed: true, usage };
    const message = errorMessage('IO_DISK_GUARD_FULL', this.#directory, percent(ratio), percent(this.#maxUsedRatio));
    return { allowed: false, reason: 'DiskUsageTooHigh', message, usage };
  }
}

function percent(ratio: number): number {
  return Math.round(ratio * 1000) / 10;
}
