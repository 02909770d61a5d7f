import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskGuard } from '../../../core/pruner/disk-guard.ts';
import { diskUsage } from '../../../core/pruner/disk-usage.ts';
import type { StatfsFunction } from '../../../core/pruner/disk-usage.ts';

/** A filesystem of 1000 blocks of 4 KiB with `usedBlocks` in use and 50 blocks reserved for root. */
function fakeStatfs(usedBlocks: number): StatfsFunction {
  return async () => ({ bsize: 4096, blocks: 1000, bfree: 1000 - usedBlocks, bavail: Math.max(0, 950 - usedBlocks) });
}

describe('diskUsage', () => {
  it('computes the used ratio as df does, leaving root-reserved blocks out', async () => {
    const usage = await diskUsage('/storage', fakeStatfs(475));
    expect(usage).toEqual({ totalBytes: 4_096_000, usedBytes: 475 * 4096, availableBytes: 475 * 4096, usedRatio: 0.5 });
  });

  it('measures a directory that does not exist yet at its nearest existing ancestor', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'disk-usage-'));
    try {
      const usage = await diskUsage(join(dir, 'not', 'yet'));
      expect(usage.totalBytes).toBeGreaterThan(0);
      expect(usage.usedRatio).toBeGreaterThanOrEqual(0);
      expect(usage.usedRatio).toBeLessThanOrEqual(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('DiskGuard', () => {
  it('allows a new archive up to 80% used and refuses above, with a reason and a message naming the directory', async () => {
    expect((await new DiskGuard({ directory: '/storage', statfs: fakeStatfs(760) }).check()).allowed).toBe(true); // 0.8
    const verdict = await new DiskGuard({ directory: '/storage', statfs: fakeStatfs(770) }).check();
    expect(verdict).toMatchObject({
      allowed: false,
      reason: 'DiskUsageTooHigh',
      message: 'storage directory /storage: its filesystem would be 81.1% used, above the 80% limit (maxDiskRatio); no new archive is written',
    });
  });

  it('takes a configured ratio and counts the reserve for the next archive as used', async () => {
    const statfs = fakeStatfs(475); // 50%
    expect((await new DiskGuard({ directory: '/s', statfs, maxUsedRatio: 0.4 }).check()).allowed).toBe(false);
    expect((await new DiskGuard({ directory: '/s', statfs, maxUsedRatio: 0.6 }).check()).allowed).toBe(true);
    const reserve = 200 * 4096; // would bring it to 71%
    expect((await new DiskGuard({ directory: '/s', statfs, maxUsedRatio: 0.6, reserveBytes: reserve }).check()).allowed).toBe(false);
  });

  it('refuses, without throwing, when the disk cannot be measured', async () => {
    const statfs: StatfsFunction = async () => {
      throw Object.assign(new Error('EIO: i/o error, statfs'), { code: 'EIO' });
    };
    expect(await new DiskGuard({ directory: '/storage', statfs }).check()).toEqual({
      allowed: false,
      reason: 'DiskUsageUnknown',
      message: 'storage directory /storage: free disk space cannot be read (EIO: i/o error, statfs); no new archive is written',
    });
  });

  it('rejects a ratio outside (0, 1]', () => {
    expect(() => new DiskGuard({ directory: '/s', maxUsedRatio: 80 })).toThrow(/maxUsedRatio: 80/);
    expect(() => new DiskGuard({ directory: '/s', maxUsedRatio: 0 })).toThrow(RangeError);
  });

  it('reads the real filesystem by default', async () => {
    const verdict = await new DiskGuard({ directory: tmpdir(), maxUsedRatio: 1 }).check();
    expect(verdict.allowed).toBe(true);
  });
});
